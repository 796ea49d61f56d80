package org.arrears.console;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * The console's FreeMarker pages (classpath org/arrears/console/pages/*.ftlh), configured as the message templates
 * are (outreach.TemplateRenderer: no class may be instantiated, no ?api, exceptions rethrown), with HTML
 * auto-escaping of every interpolation.
 */
final class Templates {

    private static final freemarker.template.Version VERSION = Configuration.VERSION_2_3_34;

    private final Configuration cfg = new Configuration(VERSION);

    Templates() {
        cfg.setTemplateLoader(new ClassTemplateLoader(Templates.class, "/org/arrears/console/pages"));
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocalizedLookup(false);
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(VERSION).build());
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
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
