package dev.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the {@code @Async} methods of the project's test classes ({@code target/test-classes}), after
 * their compilation, so that the tests run with no agent. Classes woven before are left as they are.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class WeaveTestsMojo extends AbstractWeaveMojo {
    /** The directory of the test classes to weave. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    private File testClassesDirectory;

    /** Creates the mojo; Maven sets its parameters. */
    public WeaveTestsMojo() {
    }

    @Override
    protected File classesDirectory() {
        return testClassesDirectory;
    }

    @Override
    protected List<String> classPath() throws DependencyResolutionRequiredException {
        return project.getTestClasspathElements();
    }
}
