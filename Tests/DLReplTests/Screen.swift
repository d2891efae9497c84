/// What a terminal shows after the bytes a program wrote: enough of a VT100 for readline's line
/// editing (carriage return, backspace, cursor left/right/up/down, erase to end of line) and
/// dlrepl's redrawn progress line. Other escape sequences (modes, colours) are skipped.
struct Screen {
    private var lines: [[Unicode.Scalar]] = [[]]
    private var row = 0
    private var column = 0
    private var state = State.text
    private var pendingUTF8: [UInt8] = []

    private enum State {
        case text
        case escape
        case control(String)
    }

    /// The screen's lines, trailing spaces and trailing blank lines removed.
    var text: String {
        var rendered = lines.map { line -> String in
            var string = String(String.UnicodeScalarView(line))
            while string.hasSuffix(" ") { string.removeLast() }
            return string
        }
        while rendered.count > 1 && rendered.last == "" { rendered.removeLast() }
        return rendered.joined(separator: "\n")
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { feed(byte) }
    }

    private mutating func feed(_ byte: UInt8) {
        switch state {
        case .escape:
            state = byte == UInt8(ascii: "[") ? .control("") : .text
        case let .control(parameters):
            if (0x40...0x7e).contains(byte) {
                state = .text
                perform(Character(Unicode.Scalar(byte)), parameters)
            } else {
                state = .control(parameters + String(Unicode.Scalar(byte)))
            }
        case .text:
            if !pendingUTF8.isEmpty || byte >= 0x80 {
                pendingUTF8.append(byte)
                var decoder = UTF8()
                var iterator = pendingUTF8.makeIterator()
                if case let .scalarValue(scalar) = decoder.decode(&iterator) {
                    pendingUTF8 = []
                    put(scalar)
                } else if pendingUTF8.count >= 4 {
                    pendingUTF8 = []
                }
                return
            }
            switch byte {
            case 0x1b: state = .escape
            case UInt8(ascii: "\r"): column = 0
            case UInt8(ascii: "\n"): moveTo(row: row + 1)
            case 0x08: column = max(0, column - 1)
            case 0x20...0x7e: put(Unicode.Scalar(byte))
            default: break
            }
        }
    }

    /// A control sequence `ESC [ parameters final`.
    private mutating func perform(_ final: Character, _ parameters: String) {
        let count = max(1, Int(parameters) ?? 1)
        switch final {
        case "A": moveTo(row: max(0, row - count))
        case "B": moveTo(row: row + count)
        case "C": column += count
        case "D": column = max(0, column - count)
        case "K":
            if parameters == "" || parameters == "0" {
                lines[row] = Array(lines[row].prefix(column))
            } else if parameters == "2" {
                lines[row] = []
            }
        case "J":
            lines[row] = Array(lines[row].prefix(column))
            lines.removeSubrange((row + 1)...)
        default: break
        }
    }

    private mutating func moveTo(row target: Int) {
        row = target
        while lines.count <= row { lines.append([]) }
    }

    private mutating func put(_ scalar: Unicode.Scalar) {
        var line = lines[row]
        while line.count < column { line.append(" ") }
        if column < line.count {
            line[column] = scalar
        } else {
            line.append(scalar)
        }
        lines[row] = line
        column += 1
    }
}
