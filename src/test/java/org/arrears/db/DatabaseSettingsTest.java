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
}
