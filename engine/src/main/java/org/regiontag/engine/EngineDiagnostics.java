package org.regiontag.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Facts about the PyTorch engine and its native libraries, for {@code regiontag doctor} and for
 * checking an installed application: versions, where the native libraries were loaded from, and
 * which device a computation runs on.
 */
public final class EngineDiagnostics {

    /**
     * DJL setting that points the tokenizers library loader at an unpacked {@code libtokenizers}
     * (the file or its folder). Without it, DJL unpacks the library into its cache folder.
     */
    public static final String TOKENIZERS_LIBRARY_SETTING = "RUST_LIBRARY_PATH";

    private EngineDiagnostics() {
    }

    /** Versions, native library folder and GPU count of the running PyTorch engine. */
    public record EngineStatus(
            String engineName,
            String engineVersion,
            String djlVersion,
            Path nativeLibraryFolder,
            int gpuCount,
            String cudaVersion) {
    }

    /**
     * Starts the engine if needed and reports on it.
     *
     * @throws IllegalStateException when the offline settings are not in force
     * @throws ai.djl.engine.EngineException when the native library cannot be loaded
     */
    public static EngineStatus engineStatus() {
        Engine engine = Djl.engine();
        int gpuCount = engine.getGpuCount();
        String cudaVersion = gpuCount > 0 ? CudaUtils.getCudaVersionString() : null;
        Path nativeFolder = Paths.get(ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        return new EngineStatus(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                nativeFolder, gpuCount, cudaVersion);
    }

    /**
     * Computes a dot product with known result on the device, so that a broken native library or
     * driver shows up as an error here rather than in the first real job.
     *
     * @return how long the computation took, including the device's first-use set-up
     * @throws IllegalStateException when the result is wrong
     */
    public static Duration checkComputation(Device device) {
        long start = System.nanoTime();
        try (NDManager manager = Djl.newBaseManager(device)) {
            NDArray left = manager.create(new float[] {1, 2, 3}); // (3)
            NDArray right = manager.create(new float[] {4, 5, 6}); // (3)
            float product = left.dot(right).getFloat(); // ()
            if (product != 32f) {
                throw new IllegalStateException("the PyTorch engine computed " + product
                        + " for (1, 2, 3)·(4, 5, 6) on " + device + " instead of 32");
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Loads the Hugging Face tokenizers native library and returns the folder it was loaded
     * from: the one that {@value #TOKENIZERS_LIBRARY_SETTING} names, or DJL's cache folder where
     * DJL unpacks it otherwise.
     *
     * @throws ai.djl.engine.EngineException when the library cannot be loaded
     */
    public static Path loadTokenizersLibrary() {
        ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();

        String setting = Utils.getEnvOrSystemProperty(TOKENIZERS_LIBRARY_SETTING);
        if (setting == null || setting.isEmpty()) {
            return Utils.getEngineCacheDir("tokenizers");
        }
        Path configured = Paths.get(setting);
        return Files.isRegularFile(configured) ? configured.getParent() : configured;
    }

    /**
     * DJL's cache folder ({@code DJL_CACHE_DIR}, by default {@code ~/.djl.ai}), where DJL unpacks
     * native libraries that are not configured as already unpacked.
     */
    public static Path djlCacheFolder() {
        return Utils.getCacheDir();
    }
}
