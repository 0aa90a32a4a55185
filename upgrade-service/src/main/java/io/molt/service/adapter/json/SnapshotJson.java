package io.molt.service.adapter.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.cloud.CloudSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Reads and writes cloud snapshots in their JSON form (docs/snapshot-format.md). */
public final class SnapshotJson {

    private final ObjectMapper mapper = MoltJson.mapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** The snapshot in a file; a refusal (IllegalArgumentException) names the field, host or VM to fix. */
    public CloudSnapshot read(Path file) throws IOException {
        try {
            return mapper.readValue(file.toFile(), SnapshotDocument.class).toSnapshot();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonInputErrors.describe(e, "", "snapshot " + file), e);
        }
    }

    public CloudSnapshot read(String json) throws IOException {
        try {
            return mapper.readValue(json, SnapshotDocument.class).toSnapshot();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonInputErrors.describe(e, "", "the snapshot"), e);
        }
    }

    public String write(CloudSnapshot snapshot) throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(SnapshotDocument.of(snapshot));
    }

    public void write(CloudSnapshot snapshot, OutputStream out) throws IOException {
        mapper.writerWithDefaultPrettyPrinter().writeValue(out, SnapshotDocument.of(snapshot));
    }
}
