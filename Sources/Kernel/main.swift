// dlkernel: the Jupyter kernel arrives with issue 6; until then it says so instead of pretending.
import CZeroMQ
import Foundation

var major: Int32 = 0
var minor: Int32 = 0
var patch: Int32 = 0
zmq_version(&major, &minor, &patch)
FileHandle.standardError.write(
    Data("dlkernel: linked with libzmq \(major).\(minor).\(patch); the Jupyter protocol is not implemented yet\n".utf8))
exit(2)
