package dev.streamer.edge.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The pixel size an image declares in its header, read without decoding the pixels: what a browser allocates to show
 * it. PNG and JPEG through the JDK's ImageIO readers (PNG: IHDR; JPEG: the frame header), GIF from its logical screen
 * and its first frame, WebP from its VP8/VP8L/VP8X header (the JDK has no WebP reader).
 */
public record ImageHeader(int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    /** The declared size, or empty when the header cannot be read (truncated or not of that format). */
    public static Optional<ImageHeader> read(ImageType type, byte[] data) {
        try {
            return switch (type) {
                case PNG, JPEG -> viaImageIo(data);
                case GIF -> gif(data);
                case WEBP -> webp(data);
            };
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<ImageHeader> viaImageIo(byte[] data) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return sized(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The logical screen (bytes 6–9, little-endian), or the first frame when it is larger. */
    private static Optional<ImageHeader> gif(byte[] b) {
        if (b.length < 10) {
            return Optional.empty();
        }
        Optional<ImageHeader> frame;
        try {
            frame = viaImageIo(b);
        } catch (IOException | RuntimeException e) {
            frame = Optional.empty(); // the logical screen is what a browser allocates first
        }
        int width = Math.max(u16le(b, 6), frame.map(ImageHeader::width).orElse(0));
        int height = Math.max(u16le(b, 8), frame.map(ImageHeader::height).orElse(0));
        return sized(width, height);
    }

    private static Optional<ImageHeader> webp(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            // lossy: a key frame starts 9d 01 2a, then 14-bit width and height
            case "VP8 " ->
                (b[23] & 0xFF) == 0x9d && (b[24] & 0xFF) == 0x01 && (b[25] & 0xFF) == 0x2a
                        ? sized(u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF)
                        : Optional.empty();
            // lossless: signature 0x2f, then width-1 and height-1 in 14 bits each
            case "VP8L" -> {
                if ((b[20] & 0xFF) != 0x2f) {
                    yield Optional.empty();
                }
                long bits = (b[21] & 0xFFL) | (b[22] & 0xFFL) << 8 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 24;
                yield sized((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
            }
            // extended: the canvas, width-1 and height-1 in 24 bits each
            case "VP8X" -> sized(u24le(b, 24) + 1, u24le(b, 27) + 1);
            default -> Optional.empty();
        };
    }

    private static Optional<ImageHeader> sized(int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new ImageHeader(width, height)) : Optional.empty();
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int u24le(byte[] b, int at) {
        return u16le(b, at) | (b[at + 2] & 0xFF) << 16;
    }
}
