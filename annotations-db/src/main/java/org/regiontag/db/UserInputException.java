package org.regiontag.db;

/**
 * An input that the user supplied (a file, a command-line value, a setting) is invalid.
 *
 * <p>The message is a single line that names the input (file and line, field or option), what is
 * wrong with it and what to do. The command line prints it as is and exits with status 1; the
 * application shows it as is. Anything else that goes wrong is an internal error (status 2).
 */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
