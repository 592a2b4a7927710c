package io.keepwatch.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@link DaemonStatus} to and from JSON (Jackson; records map field by field). */
public final class StatusJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StatusJson() {}

    public static String write(DaemonStatus status) {
        try {
            return MAPPER.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads what {@link #write} wrote (the CLI reads the daemon's answer). */
    public static DaemonStatus read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, DaemonStatus.class);
    }
}
