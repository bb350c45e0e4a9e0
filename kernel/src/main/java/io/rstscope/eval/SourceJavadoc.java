package io.rstscope.eval;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc of rstscope's own types, read from the library's sources shipped in the jar. JShell finds
 * Javadoc only in the JDK's src.zip; this fills in the rest for signatures such as
 * {@code io.rstscope.Capture io.rstscope.Rst.open(java.lang.String path)}.
 */
final class SourceJavadoc {

    private static final String ROOT = "/io/rstscope/eval/dsl-sources/";
    /** The library's packages, where a simple type name of a signature is looked for. */
    private static final List<String> PACKAGES = List.of("io.rstscope", "io.rstscope.query", "io.rstscope.view",
            "io.rstscope.reset", "io.rstscope.flow", "io.rstscope.capture", "io.rstscope.store", "io.rstscope.teach");
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /** The Javadoc of the method or type a JShell signature names, or empty when it is not rstscope's. */
    String of(String signature) {
        return cache.computeIfAbsent(signature, this::lookup);
    }

    private String lookup(String signature) {
        int paren = signature.indexOf('(');
        String head = paren < 0 ? signature.strip() : signature.substring(0, paren).strip();
        String name = head.substring(head.lastIndexOf(' ') + 1);
        if (!name.startsWith("io.rstscope.")) {
            // JShell names the type as the session imported it: find the package that has it.
            String simple = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            String pkg = PACKAGES.stream().filter(p -> read(p + "." + simple) != null).findFirst().orElse(null);
            if (pkg == null) {
                return "";
            }
            name = pkg + "." + name;
        }
        String qualified = name;
        int params = 0;
        if (paren >= 0) {
            String inside = signature.substring(paren + 1, signature.lastIndexOf(')')).strip();
            params = inside.isEmpty() ? 0 : inside.split(",").length;
        }
        // Either Type.method(...) or just Type; nested types are not looked into.
        String[] parts = qualified.split("\\.");
        for (int cut = parts.length; cut > 2; cut--) {
            String type = String.join(".", java.util.Arrays.copyOf(parts, cut));
            String source = read(type);
            if (source != null) {
                String member = cut < parts.length ? parts[cut] : null;
                return find(source, member, params);
            }
        }
        return "";
    }

    private static String read(String type) {
        try (InputStream in = SourceJavadoc.class.getResourceAsStream(ROOT + type.replace('.', '/') + ".java")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses the source with javac (parse only: nothing is compiled) and returns the doc comment. */
    private static String find(String source, String member, int params) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Source.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        DocTrees docs = DocTrees.instance(task);
        String[] found = {""};
        try {
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    private int depth;

                    @Override
                    public Void visitClass(ClassTree tree, Void unused) {
                        if (depth++ == 0 && member == null) {
                            take(getCurrentPath());
                        }
                        super.visitClass(tree, null);
                        depth--;
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree tree, Void unused) {
                        if (depth == 1 && found[0].isEmpty() && tree.getName().contentEquals(member)
                                && tree.getParameters().size() == params) {
                            take(getCurrentPath());
                        }
                        return null;
                    }

                    private void take(TreePath path) {
                        DocCommentTree doc = docs.getDocCommentTree(path);
                        if (doc != null && path.getLeaf().getKind() != Tree.Kind.ERRONEOUS) {
                            found[0] = doc.toString().strip();
                        }
                    }
                }.scan(unit, null);
            }
        } catch (IOException e) {
            return "";
        }
        return found[0];
    }
}
