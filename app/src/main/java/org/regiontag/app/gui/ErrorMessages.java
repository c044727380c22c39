package org.regiontag.app.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.regiontag.db.StoreException;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.job.JobCancelledException;

/**
 * Turns a failure into the short sentence a user sees: what went wrong and what to do. The detail
 * (stack trace, SQL) goes to the log, where the caller writes it once.
 */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    /** Returns one or two sentences for the user; never a stack trace. */
    public static String describe(Throwable failure) {
        Throwable error = unwrap(failure);
        String message = String.valueOf(error.getMessage());
        if (error instanceof UserInputException) {
            return capitalise(message);
        }
        if (error instanceof JobCancelledException) {
            return GuiText.text("error.cancelled");
        }
        if (error instanceof StoreException) {
            return GuiText.text("error.store", message);
        }
        if (error instanceof NoSuchFileException missing) {
            return GuiText.text("error.fileNotFound", missing.getFile());
        }
        if (error instanceof AccessDeniedException denied) {
            return GuiText.text("error.accessDenied", denied.getFile());
        }
        if (error instanceof FileSystemException fileSystem) {
            return GuiText.text("error.fileSystem", fileSystem.getFile(), String.valueOf(fileSystem.getReason()));
        }
        if (error instanceof IOException) {
            return GuiText.text("error.io", message);
        }
        if (error instanceof OutOfMemoryError) {
            return GuiText.text("error.memory");
        }
        return GuiText.text("error.internal", error.getClass().getSimpleName(), message);
    }

    /** Returns whether the failure is the user's input (expected) rather than a defect or an outage. */
    public static boolean isUserError(Throwable failure) {
        Throwable error = unwrap(failure);
        return error instanceof UserInputException || error instanceof JobCancelledException;
    }

    /** Strips the wrappers that executors and futures add around the real failure. */
    public static Throwable unwrap(Throwable failure) {
        Throwable error = failure;
        while ((error instanceof CompletionException || error instanceof ExecutionException
                || error instanceof UncheckedIOException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static String capitalise(String sentence) {
        if (sentence.isEmpty() || Character.isUpperCase(sentence.charAt(0))) {
            return sentence;
        }
        return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
