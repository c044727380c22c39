package org.regiontag.db.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissingLabelSimulationTest {

    @TempDir
    Path temp;

    @Test
    void keptShareIsCloseToTheProportion() {
        MissingLabelSimulation simulation = new MissingLabelSimulation(0.3, 9);
        int cells = 20_000;
        int kept = 0;
        for (int i = 0; i < cells; i++) {
            if (simulation.keeps("images/" + i + ".jpg", "category " + (i % 7))) {
                kept++;
            }
        }

        // Binomial(20000, 0.3): standard deviation 64.8, so 5 sigma is 324.
        assertThat(kept).isBetween(6000 - 324, 6000 + 324);
    }

    @Test
    void drawsDependOnTheSeed() {
        MissingLabelSimulation first = new MissingLabelSimulation(0.5, 1);
        MissingLabelSimulation again = new MissingLabelSimulation(0.5, 1);
        MissingLabelSimulation other = new MissingLabelSimulation(0.5, 2);
        int same = 0;
        int differentSeedSame = 0;
        for (int i = 0; i < 1000; i++) {
            String path = "p" + i + ".jpg";
            if (first.keeps(path, "dog") == again.keeps(path, "dog")) {
                same++;
            }
            if (first.keeps(path, "dog") == other.keeps(path, "dog")) {
                differentSeedSame++;
            }
        }

        assertThat(same).isEqualTo(1000);
        // Independent draws agree half the time: 500 plus or minus 5 sigma (79).
        assertThat(differentSeedSame).isBetween(421, 579);
    }

    @Test
    void proportionZeroKeepsNothingAndOneKeepsAll() {
        for (int i = 0; i < 1000; i++) {
            assertThat(new MissingLabelSimulation(0.0, i).keeps("a.jpg", "cat")).isFalse();
            assertThat(new MissingLabelSimulation(1.0, i).keeps("a.jpg", "cat")).isTrue();
        }
    }

    @Test
    void proportionOutsideUnitIntervalIsRejected() {
        assertThatThrownBy(() -> new MissingLabelSimulation(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MissingLabelSimulation(Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The documented formula, written again in Python, must draw the same cells. */
    @Test
    void drawsMatchAnIndependentPythonImplementation() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3 to compute the reference draws");
        String script = String.join("\n",
                "import sys",
                "M = (1 << 64) - 1",
                "def fnv(s):",
                "    h = 0xcbf29ce484222325",
                "    for b in s.encode('utf-8'):",
                "        h = ((h ^ b) * 0x100000001b3) & M",
                "    return h",
                "def mix(z):",
                "    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M",
                "    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M",
                "    return z ^ (z >> 31)",
                "for line in sys.stdin.read().splitlines():",
                "    seed, p, path, category = line.split('\\t')",
                "    h = mix(mix(mix(int(seed) & M) ^ fnv(path)) ^ fnv(category))",
                "    print(1 if (h >> 11) * 2.0 ** -53 < float(p) else 0)");
        Path scriptFile = Files.writeString(temp.resolve("draw.py"), script);
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String[] paths = {"a.jpg", "sub dir/ünï.png", "2007_000027.jpg", "x/y/z.jpeg"};
        String[] categories = {"cat", "dining table", "ñandú", "person"};
        long[] seeds = {0, 1, 42, -7, Long.MAX_VALUE};
        for (long seed : seeds) {
            for (String path : paths) {
                for (String category : categories) {
                    lines.add(seed + "\t0.4\t" + path + "\t" + category);
                    expected.add(new MissingLabelSimulation(0.4, seed).keeps(path, category) ? "1" : "0");
                }
            }
        }

        Process process = new ProcessBuilder(python.toString(), scriptFile.toString())
                .redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        List<String> actual = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().toList();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(actual).isEqualTo(expected);
        assertThat(expected).contains("0", "1");
    }
}
