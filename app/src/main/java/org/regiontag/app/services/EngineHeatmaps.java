package org.regiontag.app.services;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.features.PreprocessingKey;
import org.regiontag.engine.heatmap.HeatmapKind;
import org.regiontag.engine.heatmap.HeatmapService;
import org.regiontag.engine.heatmap.RegionNeighbourService;
import org.regiontag.engine.heatmap.SimilarityMap;
import org.regiontag.engine.pipeline.RoundMetrics;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.ProjectSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heatmaps and the nearest known positives of one open project, from the engine's {@link HeatmapService} on the image's cached
 * dense features (the backbone computes and caches them when they are absent).
 *
 * <p>The project's backbone is loaded on the first map and kept, because loading a real checkpoint
 * takes seconds. It is loaded again when the project's backbone settings change, as they do after
 * an extraction with another model. Calls are serialised, and {@link #close()} frees the backbone.
 */
public final class EngineHeatmaps implements HeatmapSource {

    private static final Logger LOG = LoggerFactory.getLogger(EngineHeatmaps.class);

    private final Project project;
    private final ProjectBackbones backbones;
    private final String device;
    private BackboneSettings loadedSettings;
    private Backbone backbone;
    private HeatmapService service;
    private RegionNeighbourService neighbourService;
    private boolean closed;

    /**
     * @param device where to compute ({@code auto}, {@code cpu} or {@code gpu}), in place of the
     *     project's stored device
     */
    public EngineHeatmaps(Project project, ProjectBackbones backbones, String device) {
        this.project = project;
        this.backbones = backbones;
        this.device = device;
    }

    @Override
    public synchronized Heatmap heatmap(ImageRecord image, Category category, MapKind kind) throws IOException {
        if (closed) {
            return Heatmap.unavailable(Messages.format("heatmap.closed"));
        }
        if (kind == MapKind.REGION && !hasTrainedVersion()) {
            return Heatmap.unavailable(Messages.format("heatmap.noTrainedVersion", category.name()));
        }
        try {
            SimilarityMap map = service().map(image.id(), category.id(),
                    kind == MapKind.REGION ? HeatmapKind.REGION : HeatmapKind.TEXT_PIXEL);
            // The service's maps cover the square network input, which is the whole image resized.
            return Heatmap.of(map, PreprocessingKey.ResizeMode.SQUARE);
        } catch (UserInputException e) {
            LOG.info("No {} heatmap of {} for image {}: {}", kind.cliName(), category.name(), image.path(),
                    e.getMessage());
            return Heatmap.unavailable(Messages.format("heatmap.failed", e.getMessage()));
        }
    }

    private HeatmapService service() {
        BackboneSettings settings = ProjectSettings.read(project.database()).withDevice(device);
        if (service == null || !settings.equals(loadedSettings)) {
            closeBackbone();
            backbone = backbones.open(settings);
            loadedSettings = settings;
            service = new HeatmapService(project, backbone);
            neighbourService = new RegionNeighbourService(project, backbone);
        }
        return service;
    }

    @Override
    public RegionNeighbours neighbours() {
        return this::nearestKnownPositives;
    }

    /**
     * Finds the nearest known positives with the engine's {@link RegionNeighbourService}.
     *
     * @throws UserInputException when there is no trained version or the image has no cached
     *     features, with a message that gives the reason
     */
    private synchronized List<RegionNeighbours.Neighbour> nearestKnownPositives(long imageId, long categoryId,
            int count) throws IOException {
        if (closed) {
            return List.of();
        }
        service();
        return neighbourService.nearestKnownPositives(imageId, categoryId, count).stream()
                .map(found -> new RegionNeighbours.Neighbour(found.imageId(), found.similarity()))
                .toList();
    }

    private boolean hasTrainedVersion() {
        Optional<ModelVersion> latest = ModelVersions.findLatest(project);
        if (latest.isEmpty() || latest.get().metrics() == null) {
            return false;
        }
        return !"zero-shot".equals(RoundMetrics.fromJson(latest.get().metrics()).kind());
    }

    private void closeBackbone() {
        if (service != null) {
            service.close();
            service = null;
        }
        if (neighbourService != null) {
            neighbourService.close();
            neighbourService = null;
        }
        if (backbone != null) {
            backbone.close();
            backbone = null;
        }
        loadedSettings = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeBackbone();
    }
}
