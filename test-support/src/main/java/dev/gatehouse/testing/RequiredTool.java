package dev.gatehouse.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program outside the JDK that a test runs (xmlsec1, kubectl, chromium, dnsmasq, oathtool…). A test that
 * needs one asks here first, so a machine without it fails with the tool's name and how to get it, not with
 * an IOException from deep inside ProcessBuilder. The list of tools itself lives in {@code ./gatehouse}.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** The absolute path of {@code command}, found on PATH or in the sbin folders where Debian puts daemons. */
    public static String path(String command, String debianPackage) {
        List<String> folders = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(File.pathSeparator)));
        }
        folders.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
        for (String folder : folders) {
            Path candidate = Path.of(folder, command);
            if (!folder.isBlank() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(command + " is not installed, and this test runs it. "
                + "Run the suite with ./gatehouse test, which installs what is missing, or install it yourself: "
                + "sudo apt-get install " + debianPackage);
    }
}
