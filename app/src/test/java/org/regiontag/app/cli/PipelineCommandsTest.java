package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;

/** The engine's commands on a real project of generated scenes, with a tiny checkpoint written by Java. */
class PipelineCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void extractTrainSuggestEvalHeatmap() throws Exception {
        Path project = demoProject();
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);

        CliRun extract = CliRun.of("extract", project.toString(), "--model", model.toString(), "--device", "cpu");

        assertThat(extract.status()).as(extract.err()).isZero();
        assertThat(extract.out()).contains("extracted 24 images with " + model + " on cpu() at 24 px")
                .contains("zero-shot scores computed for 24 images")
                .contains("seeded").contains("suggestions from the zero-shot scores (model version 1)");

        CliRun train = CliRun.of("train", project.toString(), "--steps", "3", "--batch-size", "8");

        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("round 1: model version 2 from version 1, 3 steps on 16 images")
                .contains("mAP").contains("pending suggestions");

        CliRun ablated = CliRun.of("train", project.toString(), "--steps", "2", "--batch-size", "8", "--matching",
                "pixel", "--no-kd", "--no-prototypes", "--no-contrastive", "--no-prior", "--pseudo-labels", "fused");

        assertThat(ablated.status()).as(ablated.err()).isZero();
        assertThat(ablated.out()).contains("round 2: model version 3 from version 2")
                .contains("distillation 0.0000").contains("contrastive 0.0000");
        try (Stream<Path> configs = Files.find(project.resolve("models"), 2,
                (path, attributes) -> path.getFileName().toString().equals("training-config.json")
                        && path.getParent().getFileName().toString().startsWith("round-0002"))) {
            String config = Files.readString(configs.findFirst().orElseThrow());
            assertThat(config).contains("\"promptPrior\":false").contains("\"pseudoLabelScore\":\"fused\"");
        }

        CliRun suggest = CliRun.of("suggest", project.toString());

        assertThat(suggest.status()).as(suggest.err()).isZero();
        assertThat(suggest.out()).contains("suggestions from model version 3 (round 2)");

        CliRun eval = CliRun.of("eval", project.toString(), "--json");

        assertThat(eval.status()).as(eval.err()).isZero();
        JsonNode report = JSON.readTree(eval.out());
        assertThat(report.get("model_version").asInt()).isEqualTo(3);
        assertThat(report.get("eval_set").asText()).isEqualTo("test");
        assertThat(report.get("eval_images").asInt()).isEqualTo(8);
        assertThat(report.get("map").asDouble()).isBetween(0.0, 100.0);
        assertThat(report.get("per_category")).hasSize(12);
        assertThat(report.get("history")).hasSize(3);
        assertThat(report.get("history").get(0).get("kind").asText()).isEqualTo("zero-shot");
        assertThat(report.get("history").get(2).get("steps").asInt()).isEqualTo(2);

        CliRun text = CliRun.of("eval", project.toString());

        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).contains("model version 3 (round 2, trained)").contains("history:");

        Path png = temp.resolve("region.png");
        CliRun heatmap = CliRun.of("heatmap", project.toString(), "--image", "train/scene-000003.jpg", "--category",
                "circle", "--out", png.toString(), "--kind", "region");

        assertThat(heatmap.status()).as(heatmap.err()).isZero();
        BufferedImage written = ImageIO.read(png.toFile());
        assertThat(written.getWidth()).isEqualTo(48);
        assertThat(written.getHeight()).isEqualTo(48);
    }

    @Test
    void trainWithoutFeaturesIsUserError() throws Exception {
        Path project = demoProject();
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);
        try (Project opened = Project.open(project)) {
            org.regiontag.engine.project.ProjectSettings.write(opened.database(),
                    org.regiontag.engine.project.BackboneSettings.defaults().withModel(model.toString()));
        }

        CliRun train = CliRun.of("train", project.toString(), "--steps", "3");

        assertThat(train.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(train.err()).startsWith("regiontag: no features were extracted with model " + model)
                .contains("run regiontag extract first");
    }

    @Test
    void unknownPseudoLabelScoreIsUserError() throws Exception {
        CliRun train = CliRun.of("train", demoProject().toString(), "--pseudo-labels", "visual");

        assertThat(train.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(train.err()).contains("unknown pseudo-label score 'visual'; expected one of fused, probability");
    }

    @Test
    void unknownMatchingIsUserError() throws Exception {
        CliRun train = CliRun.of("train", demoProject().toString(), "--matching", "patch");

        assertThat(train.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(train.err()).contains("unknown matching 'patch'; expected one of region, pixel, image");
    }

    @Test
    void benchCommandsPrintMarkdownTables() throws Exception {
        Path project = demoProject();
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);
        assertThat(CliRun.of("extract", project.toString(), "--model", model.toString()).status()).isZero();
        long pendingBefore = pending(project);

        CliRun ablation = CliRun.of("bench", "ablation", project.toString(), "--proportions", "0.2,0.6", "--steps",
                "2", "--rounds", "1");
        CliRun annotator = CliRun.of("bench", "annotator", project.toString(), "--rounds", "1", "--reviews", "4",
                "--steps", "2");

        assertThat(ablation.status()).as(ablation.err()).isZero();
        assertThat(ablation.out()).contains("| configuration | 20% | 60% | Avg. |")
                .contains("| region, without prototypes |");
        assertThat(annotator.status()).as(annotator.err()).isZero();
        assertThat(annotator.out()).contains("| round | decisions | labels known | mAP |");
        assertThat(pending(project)).as("the benchmarks leave the project alone").isEqualTo(pendingBefore);
    }

    @Test
    void proportionOutsideUnitIntervalIsUserError() throws Exception {
        CliRun ablation = CliRun.of("bench", "ablation", demoProject().toString(), "--proportions", "0.2,1.5");

        assertThat(ablation.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
    }

    /** 16 training and 8 test scenes of 48 px, imported with 30 % of the labels kept. */
    private Path demoProject() {
        Path project = temp.resolve("project");
        if (Files.isDirectory(project)) {
            return project;
        }
        DemoDataset.write(temp.resolve("scenes"), 16, 8, 3, 48);
        assertThat(CliRun.of("init", project.toString()).status()).isZero();
        for (String split : List.of("train", "test")) {
            CliRun imported = CliRun.of("import", project.toString(), "--format", "csv", "--source",
                    temp.resolve("scenes/" + split + ".csv").toString(), "--split", split, "--keep-proportion", "0.3",
                    "--seed", "1");
            assertThat(imported.status()).as(imported.err()).isZero();
        }
        return project;
    }

    private static long pending(Path folder) {
        try (Project project = Project.open(folder)) {
            return project.database().read(connection -> new SuggestionRepository(connection)
                    .findPendingSuggestions(1_000_000).size());
        }
    }
}
