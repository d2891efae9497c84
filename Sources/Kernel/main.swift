// dlkernel: the Jupyter kernel for DL. `dlkernel -f CONNECTION_FILE` serves a notebook (as the
// kernelspec's argv says); `dlkernel install` installs the kernelspec.
import ArgumentParser

DLKernel.main()
