import Foundation

/// How much memory DLCore lets one thing take, so that an input too large for the machine is
/// refused with a message that says how big it would be, instead of the process being killed.
public enum MemoryBudget {
    /// The bytes a batch's activations may take: half the machine's memory.
    public static let activations = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)

    /// The bytes one data file may decompress to: a quarter of the machine's memory.
    public static let dataFile = Int(clamping: ProcessInfo.processInfo.physicalMemory / 4)
}
