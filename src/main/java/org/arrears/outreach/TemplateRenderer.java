package org.arrears.outreach;

import freemarker.cache.FileTemplateLoader;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.core.TemplateClassResolver;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arrears.util.Sha256;

/**
 * Renders message templates from the templates/ folder with FreeMarker's own parsed-template cache.
 * Layout: templates/&lt;channel&gt;/&lt;template&gt;/{subject.ftl, text.ftl, html.ftlh}, with localized variants
 * such as subject_de.ftl found by FreeMarker's locale lookup (de_AT → de → default).
 *
 * <p>Sandboxed: no class instantiation (?new), no ?api, maps and lists only in the model.
 */
public final class TemplateRenderer {

    private static final freemarker.template.Version VERSION = Configuration.VERSION_2_3_34;

    private final Configuration cfg;
    private final Path root;
    /** A creditor's template folder, searched before root (null: none). */
    private final Path overlay;
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final String libDigest;

    public TemplateRenderer(Path root) {
        this(root, null);
    }

    /**
     * Templates of {@code overlay} (a creditor's folder, same layout) first, then those of the shared {@code root};
     * a null overlay is the shared folder alone.
     */
    public TemplateRenderer(Path root, Path overlay) {
        this.root = root;
        this.overlay = overlay;
        if (!Files.isDirectory(root)) {
            throw new TemplateException(root + ": template folder not found");
        }
        if (overlay != null && !Files.isDirectory(overlay)) {
            throw new TemplateException(overlay + ": template folder not found");
        }
        cfg = new Configuration(VERSION);
        try {
            FileTemplateLoader shared = new FileTemplateLoader(root.toFile());
            cfg.setTemplateLoader(overlay == null ? shared : new freemarker.cache.MultiTemplateLoader(
                    new freemarker.cache.TemplateLoader[] {new FileTemplateLoader(overlay.toFile()), shared}));
        } catch (IOException e) {
            throw new TemplateException(root + ": cannot read templates: " + e.getMessage(), e);
        }
        configure(cfg);
        cfg.setLocalizedLookup(true);
        libDigest = digestOf(root.resolve("lib")) + (overlay == null ? "" : digestOf(overlay.resolve("lib")));
    }

    /**
     * The project's FreeMarker settings, for the message templates and the console's pages alike: UTF-8, standard file
     * extensions (.ftlh escapes HTML), no class may be instantiated from a template, no ?api, errors rethrown and not
     * logged by FreeMarker, templates read once.
     */
    public static Configuration configure(Configuration cfg) {
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(cfg.getIncompatibleImprovements()).build());
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        return cfg;
    }

    /** Shared macros and texts are part of every template's version: hash them once at startup. */
    private static String digestOf(Path lib) {
        if (!Files.isDirectory(lib)) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(lib)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(lib.relativize(f)).append('\0').append(Files.readString(f, StandardCharsets.UTF_8)).append('\0');
            }
        } catch (IOException e) {
            throw new TemplateException(lib + ": cannot read: " + e.getMessage(), e);
        }
        return all.toString();
    }

    public Path root() {
        return root;
    }

    public boolean exists(String channel, String template, String part) {
        return Files.isRegularFile(root.resolve(channel).resolve(template).resolve(part))
                || overlay != null && Files.isRegularFile(overlay.resolve(channel).resolve(template).resolve(part));
    }

    /** The file a template name resolves to in the locale (text_de.ftl for de when it exists, else text.ftl). */
    public Path source(String name, Locale locale) {
        return root.resolve(template(name, locale).getSourceName());
    }

    /** Renders the three email parts of a template in the locale (falling back as FreeMarker does). */
    public RenderedMessage renderEmail(String template, Locale locale, Map<String, Object> model) {
        String base = "email/" + template + "/";
        Template subject = template(base + "subject.ftl", locale);
        Template text = template(base + "text.ftl", locale);
        Template html = template(base + "html.ftlh", locale);
        String version = versions.computeIfAbsent(subject.getSourceName() + "|" + text.getSourceName() + "|" + html.getSourceName(),
                k -> Sha256.shortHex(k + '\0' + subject + '\0' + text + '\0' + html + '\0' + libDigest, 16));
        return new RenderedMessage(render(subject, model).strip(), render(text, model), render(html, model), version);
    }

    /**
     * Renders a channel's single plain-text part, templates/&lt;channel&gt;/&lt;template&gt;/text.ftl in the locale (SMS);
     * the message has no subject and no HTML part (both null).
     */
    public RenderedMessage renderText(String channel, String template, Locale locale, Map<String, Object> model) {
        String name = channel + "/" + template + "/text.ftl";
        return new RenderedMessage(null, renderFile(name, locale, model), null, versionOf(name, locale));
    }

    /**
     * The default locale plus every locale a variant exists for in templates/&lt;channel&gt;/&lt;template&gt;/ or in lib/
     * (text_de.ftl or lib/i18n_de.ftl → de): the locales a startup check renders.
     */
    public List<Locale> locales(String channel, String template) {
        Set<Locale> out = new LinkedHashSet<>(List.of(Locale.ROOT));
        List<Path> dirs = new java.util.ArrayList<>(List.of(root.resolve(channel).resolve(template), root.resolve("lib")));
        if (overlay != null) {
            dirs.add(overlay.resolve(channel).resolve(template));
            dirs.add(overlay.resolve("lib"));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).sorted()
                        .filter(n -> n.matches("[a-z0-9-]+_[A-Za-z_]+\\.ftlh?"))
                        .map(n -> n.substring(n.indexOf('_') + 1, n.lastIndexOf('.')))
                        .map(tag -> Locale.forLanguageTag(tag.replace('_', '-')))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new TemplateException(dir + ": cannot list: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Renders one template file (for instance letter/reminder/letter.ftlh) in the locale, as FreeMarker falls back. */
    public String renderFile(String name, Locale locale, Map<String, Object> model) {
        return render(template(name, locale), model);
    }

    /** The version of one template file in the locale: a hash of its source and the shared library. */
    public String versionOf(String name, Locale locale) {
        Template t = template(name, locale);
        return versions.computeIfAbsent(t.getSourceName(), k -> Sha256.shortHex(k + '\0' + t + '\0' + libDigest, 16));
    }

    private Template template(String name, Locale locale) {
        try {
            return cfg.getTemplate(name, locale);
        } catch (TemplateNotFoundException e) {
            throw new TemplateException(root.resolve(name) + ": template not found");
        } catch (ParseException e) {
            throw new TemplateException(root.resolve(e.getTemplateName() == null ? name : e.getTemplateName())
                    + ":" + e.getLineNumber() + ": " + e.getEditorMessage(), e);
        } catch (IOException e) {
            throw new TemplateException(root.resolve(name) + ": cannot read: " + e.getMessage(), e);
        }
    }

    private String render(Template t, Map<String, Object> model) {
        StringWriter out = new StringWriter(2048);
        try {
            t.process(model, out);
        } catch (freemarker.template.TemplateException e) {
            ParseException parse = parseCause(e);
            if (parse != null) {
                // a template imported or included while rendering does not parse: name that file, not the importer
                throw new TemplateException(root.resolve(parse.getTemplateName() == null ? t.getSourceName() : parse.getTemplateName())
                        + ":" + parse.getLineNumber() + ": " + firstLine(parse.getEditorMessage()), e);
            }
            String at = e.getTemplateSourceName() == null ? t.getSourceName() : e.getTemplateSourceName();
            Integer line = e.getLineNumber();
            throw new TemplateException(root.resolve(at) + ":" + (line == null ? "?" : line) + ": " + firstLine(e.getMessageWithoutStackTop())
                    + (e.getBlamedExpressionString() == null ? "" : " ${" + e.getBlamedExpressionString() + "}"), e);
        } catch (IOException e) {
            throw new TemplateException(root.resolve(t.getSourceName()) + ": " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static ParseException parseCause(Throwable e) {
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof ParseException p) {
                return p;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "render error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

}
