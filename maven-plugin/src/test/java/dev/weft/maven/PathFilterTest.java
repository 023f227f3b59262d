package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ant-style include and exclude patterns over class file paths. */
class PathFilterTest {
    private static boolean matches(String pattern, String path) {
        return PathFilter.of(List.of(pattern), List.of()).accepts(path);
    }

    @Test
    void singleStarStaysInOneDirectory() {
        assertTrue(matches("com/acme/*.class", "com/acme/Shop.class"));
        assertFalse(matches("com/acme/*.class", "com/acme/web/Shop.class"));
        assertTrue(matches("com/acme/Shop$?.class", "com/acme/Shop$1.class"));
        assertFalse(matches("com/acme/Shop$?.class", "com/acme/Shop$12.class"));
    }

    @Test
    void doubleStarSpansDirectoriesIncludingNone() {
        assertTrue(matches("**/*.class", "Top.class"));
        assertTrue(matches("**/*.class", "com/acme/Shop.class"));
        assertTrue(matches("com/**/Shop.class", "com/Shop.class"));
        assertTrue(matches("com/**/Shop.class", "com/acme/web/Shop.class"));
        assertTrue(matches("com/acme/**", "com/acme/web/Shop.class"));
        assertFalse(matches("com/acme/**", "com/acmex/Shop.class"));
    }

    @Test
    void aTrailingSlashMeansEverythingBelow() {
        assertTrue(matches("com/acme/", "com/acme/web/Shop.class"));
        assertFalse(matches("com/acme/", "org/Shop.class"));
    }

    @Test
    void regexCharactersAndBackslashesAreTakenLiterally() {
        assertTrue(matches("a+b/(x).class", "a+b/(x).class"));
        assertFalse(matches("a.b/X.class", "axb/X.class"));
        assertTrue(matches("com\\acme\\*.class", "com/acme/Shop.class"));
        assertTrue(matches("/com/acme/*.class", "com\\acme\\Shop.class"));
    }

    @Test
    void noIncludeMeansEverythingAndExcludesWin() {
        PathFilter filter = PathFilter.of(null, List.of("**/*Test.class", " "));
        assertTrue(filter.accepts("com/acme/Shop.class"));
        assertFalse(filter.accepts("com/acme/ShopTest.class"));
        assertFalse(PathFilter.of(List.of("com/**"), List.of("com/acme/")).accepts("com/acme/Shop.class"));
        assertTrue(PathFilter.ALL.accepts("anything"));
    }
}
