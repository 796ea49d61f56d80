package org.arrears.console;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * The console's FreeMarker pages (classpath org/arrears/console/pages/*.ftlh), with the project's FreeMarker settings
 * (outreach.TemplateRenderer#configure: no class may be instantiated, no ?api, exceptions rethrown) and HTML
 * auto-escaping of every interpolation.
 */
final class Templates {

    private static final freemarker.template.Version VERSION = Configuration.VERSION_2_3_34;

    private final Configuration cfg = new Configuration(VERSION);

    Templates() {
        org.arrears.outreach.TemplateRenderer.configure(cfg);
        cfg.setTemplateLoader(new ClassTemplateLoader(Templates.class, "/org/arrears/console/pages"));
        cfg.setLocalizedLookup(false);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        cfg.setNumberFormat("computer");
    }

    String render(String name, Map<String, Object> model) {
        try {
            StringWriter out = new StringWriter();
            cfg.getTemplate(name + ".ftlh").process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("console page " + name + " cannot be rendered: " + e.getMessage(), e);
        }
    }
}
