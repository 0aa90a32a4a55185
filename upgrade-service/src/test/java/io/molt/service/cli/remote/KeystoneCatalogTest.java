package io.molt.service.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Molt's endpoint picked from a Keystone v3 catalog: service type, interface, region. */
class KeystoneCatalogTest {

    private static final String CATALOG = """
            [{"type": "compute", "name": "nova", "endpoints": [
               {"interface": "public", "region_id": "RegionOne", "url": "http://nova:8774/v2.1"}]},
             {"type": "rolling-upgrade", "name": "molt", "endpoints": [
               {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "https://molt.one/v1/"},
               {"interface": "internal", "region_id": "RegionOne", "url": "http://10.0.0.5:18779"},
               {"interface": "public", "region_id": "RegionTwo", "url": "https://molt.two"}]}]""";

    @Test
    void picksTheInterfaceAndRegionAndDropsATrailingVersion() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(CATALOG);

        assertThat(Keystone.endpoint(catalog, "public", "RegionOne")).isEqualTo("https://molt.one");
        assertThat(Keystone.endpoint(catalog, "public", "RegionTwo")).isEqualTo("https://molt.two");
        assertThat(Keystone.endpoint(catalog, "internal", null)).isEqualTo("http://10.0.0.5:18779");
    }

    @Test
    void saysWhatIsMissing() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(CATALOG);

        assertThatThrownBy(() -> Keystone.endpoint(catalog, "admin", null))
                .hasMessage("the catalog's rolling-upgrade service has no admin endpoint");
        assertThatThrownBy(() -> Keystone.endpoint(new ObjectMapper().readTree("[]"), "public", null))
                .hasMessageContaining("no service of type rolling-upgrade in the Keystone catalog");
    }
}
