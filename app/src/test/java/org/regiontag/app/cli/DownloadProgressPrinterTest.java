package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DownloadProgressPrinterTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    @Test
    void terminalBarShowsBytesRateAndTimeLeft() {
        DownloadProgressPrinter printer = new DownloadProgressPrinter(new PrintWriter(text), true, now::get);
        printer.fileStarted("model.safetensors", 600_000_000L, 0);

        now.set(10_000_000_000L);
        printer.progressed("model.safetensors", 150_000_000L, 600_000_000L);

        // 150 MB in 10 s is 15 MB/s, so 450 MB are left for 30 s.
        assertThat(text.toString()).isEqualTo(
                "\rmodel.safetensors [=====>                  ]  25% 150.0 MB/600.0 MB 15.0 MB/s 0:30 left");
    }

    @Test
    void terminalRedrawsAtMostTenTimesASecond() {
        DownloadProgressPrinter printer = new DownloadProgressPrinter(new PrintWriter(text), true, now::get);
        printer.fileStarted("a", 1000, 0);

        for (int i = 1; i <= 100; i++) {
            now.addAndGet(10_000_000L);
            printer.progressed("a", i, 1000);
        }

        // One second of updates every 10 ms: a redraw at 100 ms and every 100 ms after.
        assertThat(text.toString().chars().filter(c -> c == '\r').count()).isEqualTo(10);
    }

    @Test
    void finishedFileReplacesBar() {
        DownloadProgressPrinter printer = new DownloadProgressPrinter(new PrintWriter(text), true, now::get);
        printer.fileStarted("config.json", 4000, 0);
        now.set(2_000_000_000L);
        printer.progressed("config.json", 4000, 4000);

        printer.fileFinished("config.json", 4000, false);

        String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
        assertThat(last).startsWith("config.json: 4.0 kB verified (4.0 kB received in 2.0 s, 2.0 kB/s)")
                .endsWith(System.lineSeparator());
    }

    @Test
    void plainOutputHasLinePerFile() {
        DownloadProgressPrinter printer = new DownloadProgressPrinter(new PrintWriter(text), false, now::get);
        printer.fileStarted("model.safetensors", 1_000_000, 400_000);
        now.set(3_000_000_000L);
        printer.progressed("model.safetensors", 700_000, 1_000_000);
        printer.retrying("model.safetensors", 1, 5, "connection lost");
        printer.progressed("model.safetensors", 1_000_000, 1_000_000);
        printer.fileFinished("model.safetensors", 1_000_000, false);

        assertThat(text.toString().lines()).containsExactly(
                "model.safetensors: resuming at 400.0 kB of 1.0 MB",
                "model.safetensors: connection lost; retrying (attempt 1 of 5)",
                "model.safetensors: 1.0 MB verified (600.0 kB received in 3.0 s, 200.0 kB/s)");
        assertThat(text.toString()).doesNotContain("\r");
    }
}
