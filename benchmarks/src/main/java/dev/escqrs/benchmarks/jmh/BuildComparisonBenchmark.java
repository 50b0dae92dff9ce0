package dev.escqrs.benchmarks.jmh;

import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Two builds of escqrs in one JMH run: in-memory creates of a blog post, the same code path as
 * {@link CommandBenchmark}'s {@code history 0}, once with the classes of an earlier commit ({@code before}) and once
 * with today's ({@code after}). Each build is loaded from its jars (es-core, es-inmemory, example-blogpost), given as
 * class paths in the system properties {@code escqrs.before} and {@code escqrs.after}, by a class loader of its own
 * that loads {@code dev.escqrs} classes itself and everything else (Jackson, ULIDs) from the benchmark's class path.
 * Both are called the same way (method handles), so the comparison is fair. {@code scripts/bench cpu} builds the
 * earlier commit and runs this with {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BuildComparisonBenchmark {
    @Param({"before", "after"})
    public String build;

    private Object handler;
    private MethodHandle handle;
    private MethodHandle createRequest;
    private MethodHandle createCommand;
    private long counter;

    @Setup(Level.Iteration)
    public void setUp() throws Throwable {
        ClassLoader loader = loaderOf(build);
        Object type = loader.loadClass("dev.escqrs.example.blogpost.domain.BlogPosts")
                .getField("BLOG_POST")
                .get(null);
        Class<?> aggregateType = loader.loadClass("dev.escqrs.core.aggregate.AggregateType");
        Object typeArray = java.lang.reflect.Array.newInstance(aggregateType, 1);
        java.lang.reflect.Array.set(typeArray, 0, type);
        Class<?> codecClass = loader.loadClass("dev.escqrs.core.codec.JsonCodec");
        Object codec = codecClass.getMethod("of", typeArray.getClass()).invoke(null, typeArray);
        Object store = loader.loadClass("dev.escqrs.inmemory.InMemoryEventStore")
                .getConstructor(codecClass)
                .newInstance(codec);
        Object decider = loader.loadClass("dev.escqrs.example.blogpost.domain.BlogPostDecider")
                .getConstructor()
                .newInstance();
        Class<?> handlerClass = loader.loadClass("dev.escqrs.core.command.CommandHandler");
        Object builder = method(handlerClass, "builder", 2).invoke(null, type, decider);
        builder = method(builder.getClass(), "store", 2).invoke(builder, store, store);
        builder = builder.getClass().getMethod("cacheSize", int.class).invoke(builder, 0);
        handler = builder.getClass().getMethod("build").invoke(builder);

        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> requestClass = loader.loadClass("dev.escqrs.core.command.CommandRequest");
        handle = lookup.unreflect(handlerClass.getMethod("handle", requestClass));
        createRequest = lookup.unreflect(requestClass.getMethod("create", String.class, String.class, Object.class));
        createCommand = lookup.unreflectConstructor(
                loader.loadClass("dev.escqrs.example.blogpost.domain.BlogPostCommand$CreateBlogPost")
                        .getConstructor(String.class, String.class));
        counter = 0;
    }

    @Benchmark
    public Object create() throws Throwable {
        long n = counter++;
        Object command = createCommand.invoke("title " + n, "alice");
        return handle.invoke(handler, createRequest.invoke("new-" + n, "alice", command));
    }

    private static Method method(Class<?> owner, String name, int parameters) {
        return Arrays.stream(owner.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "%s has no public %s with %d parameters".formatted(owner.getName(), name, parameters)));
    }

    private static ClassLoader loaderOf(String build) throws MalformedURLException {
        String classPath = System.getProperty("escqrs." + build);
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalStateException(
                    "set -Descqrs.%s to the jars of that build (es-core, es-inmemory, ".formatted(build)
                            + "example-blogpost); scripts/bench cpu does");
        }
        String[] entries = classPath.split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            File jar = new File(entries[i]);
            if (!jar.isFile()) {
                throw new IllegalStateException("escqrs.%s: no such jar: %s".formatted(build, jar));
            }
            urls[i] = jar.toURI().toURL();
        }
        return new OwnEscqrsClasses(urls, BuildComparisonBenchmark.class.getClassLoader());
    }

    /** Loads {@code dev.escqrs} classes from its own jars first, everything else from the parent. */
    private static final class OwnEscqrsClasses extends URLClassLoader {
        OwnEscqrsClasses(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.escqrs.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
