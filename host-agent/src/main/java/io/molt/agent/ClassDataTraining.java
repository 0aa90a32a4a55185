package io.molt.agent;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run of the agent's class-data archive (docs/host-agent.md, "Start time"): loads, without
 * initialising, every class of the agent's jar, then exits; run as
 * {@code java -XX:ArchiveClassesAtExit=agent.jsa -cp host-agent-all.jar io.molt.agent.ClassDataTraining}, the JVM
 * writes them to the archive, which {@code -XX:SharedArchiveFile=agent.jsa} maps at the agent's next starts
 * instead of parsing and verifying the classes again. It touches nothing: no config, broker, libvirt or journal.
 * Classes that cannot load here (optional dependencies absent) are skipped.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(ClassDataTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = ClassDataTraining.class.getClassLoader();
        int loaded = 0;
        int skipped = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    skipped++;
                }
            }
        }
        System.out.println("molt-agent class-data training: " + loaded + " classes loaded, " + skipped + " skipped");
    }
}
