package org.regiontag.engine.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.regiontag.db.Project;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.train.TrainingConfig;

/**
 * A real project of generated scenes (12 shape categories, JPEG files, a training and a test split)
 * imported with a missing-label simulation, and a tiny random CLIP checkpoint written by Java.
 */
final class PipelineFixture {

    private PipelineFixture() {
    }

    /** Writes the scenes and imports them, keeping {@code keep} of the cells as working labels. */
    static Project project(Path temp, int train, int test, double keep) {
        ParsedDataset dataset = DemoDataset.write(temp.resolve("scenes"), train, test, 11, 48);
        Project project = Project.create(temp.resolve("project"), "pipeline test");
        new DatasetWriter(project.database()).write(dataset,
                new ImportOptions("tester", false, new MissingLabelSimulation(keep, 5)), ProgressReporter.NONE);
        return project;
    }

    /** Writes the tiny checkpoint (ViT of 24 px with 6 px patches, embedDim 16) and returns its folder. */
    static Path checkpoint(Path temp) throws IOException {
        return TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 3);
    }

    /** Opens the checkpoint as a project backbone on the CPU. */
    static Backbone backbone(Path checkpoint) {
        BackboneSettings settings = BackboneSettings.defaults().withModel(checkpoint.toString()).withDevice("cpu");
        return Backbone.open(settings, new ModelLocator(new ModelCache(checkpoint.resolveSibling("model-cache")),
                PipelineFixture.class.getClassLoader()));
    }

    /** A short round: a few steps of small batches, a small queue. */
    static TrainingConfig shortRound(int steps) {
        return TrainingConfig.builder().stepsPerRound(steps).warmupSteps(1).batchSize(8).queueSize(64)
                .contextLength(4).build();
    }
}
