package dev.weft.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What the {@code weave} and {@code weave-tests} goals share: run a {@link Weaving} over a classes
 * directory with the project's class path, print its summary, and fail the build on any weaving error
 * (in which case no class file has been changed).
 */
public abstract class AbstractWeaveMojo extends AbstractMojo {
    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Skips weaving. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    protected boolean skip;

    /** Lists every woven method, one line each, after the summary. */
    @Parameter(property = "weft.verbose", defaultValue = "false")
    protected boolean verbose;

    /**
     * Ant-style patterns of the class files to weave, relative to the classes directory, such as
     * {@code com/acme/**} or {@code **}{@code /*Service.class}; every class file when empty.
     */
    @Parameter
    protected List<String> includes = new ArrayList<>();

    /** Ant-style patterns of the class files never to weave, relative to the classes directory. */
    @Parameter
    protected List<String> excludes = new ArrayList<>();

    /** Creates the mojo; Maven sets its parameters. */
    protected AbstractWeaveMojo() {
    }

    /** The directory whose class files this goal weaves. */
    protected abstract File classesDirectory();

    /**
     * The class path whose classes the weaver may need to know about.
     *
     * @throws DependencyResolutionRequiredException if Maven has not resolved the dependencies
     */
    protected abstract List<String> classPath() throws DependencyResolutionRequiredException;

    /**
     * Weaves the classes directory.
     *
     * @throws MojoFailureException if some class cannot be woven; no class file has been changed then
     * @throws MojoExecutionException if the class files or the class path cannot be read or written
     */
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("weft: skipped");
            return;
        }
        Path directory = classesDirectory().toPath();
        if (!directory.toFile().isDirectory()) {
            getLog().info("weft: nothing to weave, " + directory + " does not exist");
            return;
        }
        WeaveOutcome outcome;
        try {
            outcome = new Weaving(classPathElements(), PathFilter.of(includes, excludes)).run(directory);
        } catch (WeavingException e) {
            Report.warnings(e.outcome()).forEach(getLog()::warn);
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("weft: cannot weave the classes in " + directory + ": " + e, e);
        }
        Report.warnings(outcome).forEach(getLog()::warn);
        getLog().info(Report.summary(outcome));
        if (verbose) {
            Report.wovenMethods(outcome).forEach(getLog()::info);
        }
    }

    private List<Path> classPathElements() throws MojoExecutionException {
        List<Path> elements = new ArrayList<>();
        try {
            for (String element : classPath()) {
                elements.add(Path.of(element));
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("weft: the project's dependencies are not resolved: " + e, e);
        }
        return elements;
    }
}
