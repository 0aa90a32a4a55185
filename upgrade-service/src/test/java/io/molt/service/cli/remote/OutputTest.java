package io.molt.service.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four formats and -c, on two campaigns as the API lists them. */
class OutputTest {

    private static final List<String> COLUMNS = List.of("id", "state", "hosts");

    private final JsonNode rows = read("""
            [{"id": "c1", "state": "DONE", "hosts": {"hosts": ["a", "b"]}, "extra": 1},
             {"id": "c2", "state": "PLANNED", "hosts": {"aggregate": "rack-2"}}]""");

    @Test
    void aTableWithAColumnPerField() {
        assertThat(print(Output.Format.table, List.of(), rows)).isEqualTo("""
                +----+---------+------------------------+
                | id | state   | hosts                  |
                +----+---------+------------------------+
                | c1 | DONE    | {"hosts":["a","b"]}    |
                | c2 | PLANNED | {"aggregate":"rack-2"} |
                +----+---------+------------------------+
                """);
    }

    @Test
    void valueJsonAndYamlKeepTheChosenColumns() {
        assertThat(print(Output.Format.value, List.of("id", "state"), rows)).isEqualTo("c1 DONE\nc2 PLANNED\n");
        assertThat(read(print(Output.Format.json, List.of("id"), rows))).isEqualTo(read("[{\"id\":\"c1\"},{\"id\":\"c2\"}]"));
        assertThat(print(Output.Format.yaml, List.of(), rows)).startsWith("""
                - id: c1
                  state: DONE
                  hosts:
                    hosts:
                    - a
                    - b
                """);
    }

    @Test
    void oneResourceIsAFieldValueTable() {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, List.of("state")).one(new PrintWriter(text), COLUMNS, rows.get(0));
        assertThat(text.toString()).contains("| Field | Value |").contains("| state | DONE  |");
    }

    private static String print(Output.Format format, List<String> columns, JsonNode resources) {
        StringWriter text = new StringWriter();
        new Output(format, columns).many(new PrintWriter(text), COLUMNS, resources);
        return text.toString();
    }

    private static JsonNode read(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
