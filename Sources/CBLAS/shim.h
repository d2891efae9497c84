// OpenBLAS's CBLAS interface (Debian: libopenblas-dev); it also declares openblas_set_num_threads.
#include <cblas.h>
