package org.arrears.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

/** Bad database settings stop the hub before it connects, naming the key. */
class DatabaseSettingsTest {

    @Test
    void aTempBuffersValueThatIsNoMemorySizeIsRefusedByName() {
        Map<String, String> values = Map.of("arrears.db.url", "jdbc:postgresql://127.0.0.1:1/none",
                "arrears.db.temp-buffers", "1GB -c fsync=off");
        Settings settings = Settings.of(values::get, () -> Set.copyOf(values.keySet()), "test");

        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.db.temp-buffers")
                .hasMessageContaining("1GB -c fsync=off");
    }

    @Test
    void aSchemaNameThatIsNoIdentifierIsRefusedByNameBeforeConnecting() {
        Map<String, String> values = Map.of("arrears.db.url", "jdbc:postgresql://127.0.0.1:1/none",
                "arrears.db.schema", "arrears; DROP SCHEMA public");
        Settings settings = Settings.of(values::get, () -> Set.copyOf(values.keySet()), "test.properties");

        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.properties: arrears.db.schema")
                .hasMessageContaining("'arrears; DROP SCHEMA public' is not a schema name");
    }

    @Test
    void anErpSearchPathWithAnEntryThatIsNoSchemaNameIsRefusedByName() {
        Map<String, String> values = Map.of("arrears.db.url", "jdbc:postgresql://127.0.0.1:1/none",
                "arrears.db.erp-search-path", "public, Erp-Data");
        Settings settings = Settings.of(values::get, () -> Set.copyOf(values.keySet()), "test.properties");

        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrears.db.erp-search-path")
                .hasMessageContaining("'Erp-Data'");
    }
}
