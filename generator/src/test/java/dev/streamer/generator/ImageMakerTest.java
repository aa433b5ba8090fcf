package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageMakerTest {

    @Test
    void makesDecodablePngsThatDependOnlyOnTheSeed() throws IOException {
        byte[] a = ImageMaker.png(42, 480, 320);
        assertThat(a).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(a));
        assertThat(img.getWidth()).isEqualTo(480);
        assertThat(img.getHeight()).isEqualTo(320);
        assertThat(ImageMaker.png(42, 480, 320)).isEqualTo(a);
        assertThat(ImageMaker.png(43, 480, 320)).isNotEqualTo(a);
        assertThat(a.length).isLessThan(1_000_000);
    }
}
