package org.cortege.shared;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything no other handler knows: a 503 while the database is unreachable or a transaction lost a
 * deadlock or Galera certification (nothing was written; the client may retry),
 * a 500 otherwise. Logged without exception messages, which can quote personal data (a duplicate
 * key error quotes the email).
 */
@Produces
@Singleton
public class UnexpectedExceptionHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

    private final ProblemResponses problems;

    public UnexpectedExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        if (databaseUnreachable(exception)) {
            LOG.warn("Database unreachable, or a transaction to try again, during {} {}", request.getMethodName(), request.getPath());
            return problems.of(request, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "problem.unavailable", java.util.Map.of())
                    .header("Retry-After", "5");
        }
        LOG.error("Unexpected {} during {} {}\n{}", exception.getClass().getName(), request.getMethodName(),
                request.getPath(), SafeStackTrace.of(exception));
        return problems.of(request, HttpStatus.INTERNAL_SERVER_ERROR, "about:blank", "problem.internal", java.util.Map.of());
    }

    /** The database went away or the transaction is to be tried again: nothing was written, nothing is wrong with the work itself. */
    public static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof io.micronaut.data.connection.exceptions.ConnectionException) {
                return true;
            }
            // SQL state class 08 is "connection exception", whatever wraps it (a pool's closed connection,
            // the rate limiter's rollback on a connection the server dropped).
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            // A lock wait that timed out: nothing was written, the same request will pass when tried again.
            if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == 1205) {
                return true;
            }
        }
        // A deadlock or (on Galera) a transaction that lost certification to another node's: likewise.
        return Retry.isDeadlock(e);
    }

    /**
     * A stack trace with class names and frames only: exception messages can quote an address or a
     * name (a duplicate key, a bad line of a file), so no background job or handler logs them.
     */
    public static final class SafeStackTrace {
        private SafeStackTrace() {
        }

        public static String of(Throwable e) {
            StringBuilder out = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                out.append(t == e ? "" : "Caused by: ").append(t.getClass().getName());
                if (t instanceof java.sql.SQLException sql) {
                    out.append(" [SQL state ").append(sql.getSQLState()).append(", error ").append(sql.getErrorCode()).append(']');
                }
                // Wiring and configuration errors describe the code, not a request: their text helps and holds no personal data.
                if (t.getClass().getName().startsWith("io.micronaut.context.exceptions.") && t.getMessage() != null) {
                    out.append(": ").append(t.getMessage());
                }
                out.append('\n');
                List<StackTraceElement> frames = List.of(t.getStackTrace());
                frames.stream().limit(12).forEach(f -> out.append("\tat ").append(f).append('\n'));
                if (t.getCause() == t) {
                    break;
                }
            }
            return out.toString();
        }
    }
}
