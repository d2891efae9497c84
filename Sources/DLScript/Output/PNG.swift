/// A minimal PNG encoder, for the kernel's logos and for images in notebooks: 8-bit grey or
/// RGBA, no filtering, and zlib data in stored (uncompressed) deflate blocks, which every decoder
/// reads. A 64 x 64 RGBA logo is about 16 KB; a 28 x 28 grey image under 1 KB.
public enum PNG {
    /// How each pixel is stored.
    public enum Colour: Sendable {
        /// One byte, 0 black to 255 white.
        case grey
        /// Four bytes: red, green, blue, alpha.
        case rgba

        var bytesPerPixel: Int { self == .grey ? 1 : 4 }
        /// The colour type of the PNG header.
        var type: UInt8 { self == .grey ? 0 : 6 }
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
            + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// A zlib stream of stored deflate blocks (at most 65,535 bytes each) and its Adler-32.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = Swift.min(start + 65_535, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += data[start..<end]
            start = end
        } while start < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
