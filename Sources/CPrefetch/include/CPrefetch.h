#ifndef GRIDATLAS_CPREFETCH_H
#define GRIDATLAS_CPREFETCH_H

/// Asks the processor to start loading the cache line holding `address`, for reading, and to keep
/// it in every cache level. A hint only: it never faults and changes no value, which is why an
/// address past a buffer's end is harmless. Swift has no spelling for it.
static inline __attribute__((always_inline)) void gridatlas_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
