package dev.streamer.edge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.streamer.contract.ContractViolation;
import dev.streamer.edge.db.Sql;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to application/problem+json; nothing internal leaks into a detail. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Map<String, String> BEARER = Map.of("WWW-Authenticate", "Bearer");

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problem.response(e.status(), e.title(), e.getMessage(), e.headers());
    }

    @ServerExceptionMapper
    public Response contract(ContractViolation e) {
        return Problem.response(400, "Bad Request", e.getMessage());
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e) {
        return Problem.response(400, "Bad Request", "malformed JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatch(MismatchedInputException e) {
        return Problem.response(400, "Bad Request", "malformed JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(AuthenticationFailedException e) {
        return Problem.response(401, "Unauthorized", "a valid bearer token is required", BEARER);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e) {
        return Problem.response(401, "Unauthorized", "a valid bearer token is required", BEARER);
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "Forbidden", "not allowed");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException j) {
            return json(j);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 406 -> "cannot produce an acceptable representation";
            case 415 -> "unsupported content type";
            case 413 -> "request body too large";
            default -> e.getMessage() == null ? Problem.reason(status) : e.getMessage();
        };
        return Problem.response(status, Problem.reason(status), detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // a failed stage of an async answer (several events acknowledged together) arrives wrapped
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api(api);
            }
        }
        if (Sql.isUnavailable(e)) {
            return api(Sql.unavailable(e));
        }
        LOG.error("unexpected failure", e);
        return Problem.response(500, "Internal Server Error", "unexpected error");
    }
}
