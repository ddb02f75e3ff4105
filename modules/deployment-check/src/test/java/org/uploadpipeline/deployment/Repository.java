package org.uploadpipeline.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/** Reads the deployment files and the code's own configuration from the repository checkout. */
final class Repository {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

  private Repository() {}

  static Path root() {
    String configured = System.getProperty("repository.root");
    Path root = configured != null ? Path.of(configured) : Path.of("../..");
    if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
      throw new IllegalStateException("not the repository root: " + root.toAbsolutePath());
    }
    return root;
  }

  static Path file(String relative) {
    return root().resolve(relative);
  }

  /** Every YAML document of a file, as maps. */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Object document : new Yaml().loadAll(in)) {
        if (document != null) {
          documents.add(cast(document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(file + " has " + documents.size() + " documents, expected 1");
    }
    return documents.get(0);
  }

  /** The environment variables a service reads: the {@code ${VAR...}} placeholders of its application.yml. */
  static Set<String> environmentVariablesReadBy(String service) {
    try {
      String text = Files.readString(file(service + "/src/main/resources/application.yml"));
      Set<String> names = new LinkedHashSet<>();
      Matcher matcher = PLACEHOLDER.matcher(text);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A .env file (KEY=value lines, # comments). */
  static Properties envFile(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  static Document pom(String relative) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file(relative).toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + relative, e);
    }
  }

  /** The first element at a path of child element names below {@code from}, or null. */
  static Element child(Node from, String... path) {
    Node current = from;
    for (String name : path) {
      Node found = null;
      NodeList children = current.getChildNodes();
      for (int i = 0; i < children.getLength() && found == null; i++) {
        Node candidate = children.item(i);
        if (candidate instanceof Element && candidate.getNodeName().equals(name)) {
          found = candidate;
        }
      }
      if (found == null) {
        return null;
      }
      current = found;
    }
    return (Element) current;
  }

  static List<Element> children(Node parent) {
    List<Element> elements = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element) {
        elements.add(element);
      }
    }
    return elements;
  }

  /** The jib-maven-plugin element of a plugins element, or null. */
  static Element jibPlugin(Element plugins) {
    if (plugins == null) {
      return null;
    }
    for (Element plugin : children(plugins)) {
      Element artifactId = child(plugin, "artifactId");
      if (artifactId != null && artifactId.getTextContent().trim().equals("jib-maven-plugin")) {
        return plugin;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }
}
