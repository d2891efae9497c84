import CZlib

/// A minimal PNG encoder, for the kernel's logos, images and plots in notebooks: 8-bit grey, RGB
/// or RGBA, no filtering, the data deflated by zlib. A plot of 640 x 360 is a few tens of KB.
public enum PNG {
    /// How each pixel is stored.
    public enum Colour: Sendable {
        /// One byte, 0 black to 255 white.
        case grey
        /// Three bytes: red, green, blue.
        case rgb
        /// Four bytes: red, green, blue, alpha.
        case rgba

        var bytesPerPixel: Int {
            switch self {
            case .grey: 1
            case .rgb: 3
            case .rgba: 4
            }
        }
        /// The colour type of the PNG header.
        var type: UInt8 {
            switch self {
            case .grey: 0
            case .rgb: 2
            case .rgba: 6
            }
        }
    }

    /// The PNG file of `width` x `height` pixels, given row by row.
    public static func encode(_ pixels: [UInt8], width: Int, height: Int, colour: Colour) -> [UInt8] {
        let rowBytes = width * colour.bytesPerPixel
        precondition(pixels.count == rowBytes * height, "one pixel per position")
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter type: none
            raw += pixels[(row * rowBytes)..<((row + 1) * rowBytes)]
        }
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, colour.type, 0, 0, 0]  // bit depth 8, colour type, deflate, adaptive filters, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", deflated(raw)) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// `data` as a zlib stream, deflated at the default level.
    private static func deflated(_ data: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&out, &size, data, uLong(data.count), Z_DEFAULT_COMPRESSION)
        precondition(status == Z_OK, "zlib could not deflate \(data.count) bytes: \(status)")
        return Array(out.prefix(Int(size)))
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(CZlib.crc32(0, bytes, uInt(bytes.count)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
