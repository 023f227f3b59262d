// The build failed on the weaving error, named the place and the fix, and changed no class file.
def log = new File(basedir, 'build.log').text

def expect = { String text ->
    if (!log.contains(text)) {
        throw new AssertionError("build.log lacks: " + text)
    }
}
expect('weft: 1 weaving error in 1 class of ')
expect('no class file was changed')
expect('demo/Bad.locked(Ljava/util/concurrent/CompletableFuture;)Ldev/weft/Coroutine; (Bad.java:15): '
        + 'await inside a synchronized block')
expect('guard the state with a weft Lock')
if (log.contains('weft: wove')) {
    throw new AssertionError('a failed build must not report woven classes')
}

['Good', 'Bad'].each { name ->
    def bytes = new File(basedir, "target/classes/demo/${name}.class").bytes
    if (new String(bytes, 'ISO-8859-1').contains('dev/weft/internal/Woven')) {
        throw new AssertionError("${name}.class was woven although the build failed")
    }
}
return true
