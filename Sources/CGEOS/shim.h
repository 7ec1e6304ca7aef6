// Only the reentrant (_r) GEOS C API: every call takes a context handle owned by one thread at a time.
#define GEOS_USE_ONLY_R_API 1
#include <geos_c.h>
