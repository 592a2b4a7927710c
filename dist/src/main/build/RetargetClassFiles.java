import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Package-time step of make-image: rewrites the class files older than version 50 (Java 6) in the
 * given jars as version 52 (Java 8) class files with stack maps, in place.
 *
 * <p>Such classes are checked by the old type-inferring verifier, which records nothing the AOT
 * cache can replay, so JDK 25 leaves them out of the cache ("Unlinked class not supported by
 * AOTClassLinking"): they are parsed and verified at every start. The rewrite changes no
 * instruction; the ClassFile API recomputes the stack maps the type-checking verifier needs, and a
 * class it cannot rewrite (a jsr instruction, say) fails the build. Signed jars are left alone (the
 * signature covers the bytes).
 *
 * <p>Usage: {@code java RetargetClassFiles.java JAR...}; prints one line per rewritten jar.
 */
public final class RetargetClassFiles {

    private static final int OLD = 50;
    private static final int TARGET = 52;

    public static void main(String[] args) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String a : args) {
            urls.add(Path.of(a).toUri().toURL());
        }
        // stack maps need the class hierarchy: the JDK's, then every jar given
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (String a : args) {
                int rewritten = retarget(classFile, Path.of(a));
                if (rewritten > 0) {
                    System.out.println(Path.of(a).getFileName() + ": " + rewritten + " class files from before Java 6 rewritten as version " + TARGET);
                }
            }
        }
    }

    private static int retarget(ClassFile classFile, Path jar) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".retarget");
        int rewritten = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            if (entries.stream().anyMatch(e -> e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF"))) {
                return 0;
            }
            if (entries.stream().noneMatch(e -> isOld(zip, e))) {
                return 0;
            }
            try (ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
                for (ZipEntry e : entries) {
                    byte[] bytes = zip.getInputStream(e).readAllBytes();
                    if (isOld(zip, e)) {
                        ClassModel model = classFile.parse(bytes);
                        // every method body rebuilt, so that the stack maps are generated; the version last
                        bytes = classFile.transformClass(model,
                                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                        .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))));
                        rewritten++;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    zos.putNextEntry(copy);
                    zos.write(bytes);
                    zos.closeEntry();
                }
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        return rewritten;
    }

    /** A class file of the jar's own (not a versioned or module descriptor) older than Java 6. */
    private static boolean isOld(ZipFile zip, ZipEntry e) {
        if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/") || e.getName().endsWith("module-info.class")) {
            return false;
        }
        try (var in = zip.getInputStream(e)) {
            byte[] header = in.readNBytes(8);
            return header.length == 8 && ((header[6] & 0xff) << 8 | (header[7] & 0xff)) < OLD;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
