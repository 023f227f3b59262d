package dev.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the {@code @Async} methods of the project's main classes ({@code target/classes}), after
 * compilation, so that they run with no agent. Classes woven before are left as they are.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public final class WeaveMojo extends AbstractWeaveMojo {
    /** The directory of the classes to weave. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** Creates the mojo; Maven sets its parameters. */
    public WeaveMojo() {
    }

    @Override
    protected File classesDirectory() {
        return classesDirectory;
    }

    @Override
    protected List<String> classPath() throws DependencyResolutionRequiredException {
        return project.getCompileClasspathElements();
    }
}
