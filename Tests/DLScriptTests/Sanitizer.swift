import Foundation

/// Whether the tests run under a sanitizer (`make sanitize` sets DL_SANITIZER), where code runs 5
/// to 20 times slower: the learning tests then train briefly on a slice of the data and check that
/// training and evaluation run, not the accuracy they reach.
enum Sanitizer {
    static let active = ProcessInfo.processInfo.environment["DL_SANITIZER"] != nil
}
