// PROJ transformations and its geodesic library (Karney's geod_* functions: ellipsoidal distances and areas).
#include <proj.h>
#include <geodesic.h>
