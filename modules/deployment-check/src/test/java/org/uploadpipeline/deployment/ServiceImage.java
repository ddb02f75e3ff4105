package org.uploadpipeline.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What the "images" profile of a service builds: the image name (parent pluginManagement's {@code to.image} with the
 * service's artifactId and the project version), its exposed ports and its environment.
 */
record ServiceImage(String name, String tag, List<Integer> ports, Map<String, String> environment) {

  static ServiceImage of(String service) {
    Document parent = Repository.pom("pom.xml");
    String version = Repository.child(parent.getDocumentElement(), "version").getTextContent().trim();
    Element managed =
        Repository.jibPlugin(Repository.child(parent.getDocumentElement(), "build", "pluginManagement", "plugins"));
    if (managed == null) {
      throw new AssertionError("no jib-maven-plugin in the parent's pluginManagement");
    }
    String reference = Repository.child(managed, "configuration", "to", "image").getTextContent().trim();
    Document pom = Repository.pom(service + "/pom.xml");
    String artifactId = Repository.child(pom.getDocumentElement(), "artifactId").getTextContent().trim();
    String resolved = reference.replace("${project.artifactId}", artifactId).replace("${project.version}", version);
    int colon = resolved.lastIndexOf(':');

    Element plugin = null;
    Element profiles = Repository.child(pom.getDocumentElement(), "profiles");
    if (profiles != null) {
      for (Element profile : Repository.children(profiles)) {
        if (Repository.child(profile, "id").getTextContent().trim().equals("images")) {
          plugin = Repository.jibPlugin(Repository.child(profile, "build", "plugins"));
        }
      }
    }
    if (plugin == null) {
      throw new AssertionError(service + " has no 'images' profile with jib-maven-plugin");
    }
    Element container = Repository.child(plugin, "configuration", "container");
    List<Integer> ports =
        Repository.children(Repository.child(container, "ports")).stream()
            .map(port -> Integer.parseInt(port.getTextContent().trim()))
            .toList();
    Map<String, String> environment = new LinkedHashMap<>();
    Element env = Repository.child(container, "environment");
    if (env != null) {
      Repository.children(env).forEach(e -> environment.put(e.getNodeName(), e.getTextContent().trim()));
    }
    return new ServiceImage(resolved.substring(0, colon), resolved.substring(colon + 1), ports, environment);
  }

  String reference() {
    return name + ":" + tag;
  }
}
