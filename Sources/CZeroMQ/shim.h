// libzmq (Debian: libzmq3-dev), the transport of the Jupyter kernel.
#include <zmq.h>
