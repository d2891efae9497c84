import Foundation

/// The user's home as Jupyter's own tools find it: `$HOME` when it is set (a test, a container,
/// `sudo -E`), the account's home directory otherwise.
enum HomeDirectory {
    static var path: String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }
}
