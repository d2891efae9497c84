// Open MPI (Debian: libopenmpi-dev), reached through Debian's alternatives link under the
// multiarch include path. Its handles are macros Swift cannot import, so functions return them.
#include <mpi/mpi.h>

static inline MPI_Comm dl_mpi_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype dl_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Op dl_mpi_sum(void) { return MPI_SUM; }
static inline void *dl_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int dl_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
