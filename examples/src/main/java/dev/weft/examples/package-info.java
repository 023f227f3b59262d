/**
 * Programs from the generator literature, written with weft: the running averager and the delegating
 * grouper of Fluent Python's coroutine chapter (after PEP 380), and its taxi fleet discrete-event
 * simulation.
 *
 * <p>Every {@code @Async} method here must be woven before it runs. Run the programs with the agent:
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar \
 *      -cp runtime/target/weft-runtime-0.1.0-SNAPSHOT.jar:examples/target/classes \
 *      dev.weft.examples.Showcase
 * </pre>
 * or, from the repository root, {@code mvn -B -q -pl examples exec:exec} after an install.
 */
package dev.weft.examples;
