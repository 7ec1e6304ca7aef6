// The module is its header: a static inline function the Swift compiler imports and inlines.
#include "CPrefetch.h"
