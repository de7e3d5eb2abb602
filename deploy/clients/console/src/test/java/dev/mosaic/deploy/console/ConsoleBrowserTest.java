package dev.mosaic.deploy.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mosaic.coordinator.client.CoordinatorClient;
import dev.mosaic.coordinator.client.CoordinatorException;
import dev.mosaic.coordinator.client.CoordinatorWorker;
import dev.mosaic.coordinator.client.Lease;
import dev.mosaic.coordinator.client.People;
import dev.mosaic.deploy.localstack.ThrowawayStack;
import dev.mosaic.deploy.localstack.Service;
import dev.mosaic.deploy.testing.MockOidcProvider;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.workspace.WorkspaceView;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium, against both packaged services and the console served by the
 * local stack (embedded PostgreSQL, free ports, fresh state in {@code target/console-test}): a person signs
 * up in the page, creates a job, the coordinator client runs it, and the page's progress bar follows
 * every step up to 100 % and COMPLETED without a reload; the job's page shows its timeline; sign-out ends
 * the session. Each progress step waits until the page has shown the previous one, so the test proves the
 * page is live rather than racing it. Screenshots: {@code target/console-test/*.png}.
 *
 * <p>Chromium is Debian's ({@code /usr/bin/chromium}, driven through {@code /usr/bin/chromedriver}); nothing
 * is downloaded. Without them the test is skipped with a banner, unless {@code MOSAIC_REQUIRE_BROWSER_TEST=1}
 * (set by {@code .ci/run}) makes that a failure.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MOSAIC_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MOSAIC_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration PAGE_WAIT = Duration.ofSeconds(15);
    /** Made an admin by the stack of this module's tests ({@code MOSAIC_AUTH_ADMIN_EMAILS}, set in the pom). */
    private static final String ADMIN_EMAIL = "admin@console.mosaic.test";
    private static final String PASSWORD = "correct horse battery staple";

    /** auth-service's client at the test's provider, which the stack declares as provider {@code mock}. */
    private static final String PROVIDER_CLIENT_ID = "mosaic-console";
    private static final String PROVIDER_CLIENT_SECRET = "console-test-provider-secret-0123456789";

    private static Path state;
    private static MockOidcProvider provider;
    private static ThrowawayStack stack;
    private static ChromeDriverService driverService;
    private static WebDriver browser;
    private static String coordinatorSecret;

    @RegisterExtension
    static final TestWatcher EVIDENCE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                screenshot("failure");
                System.err.println("---- browser console ----");
                browser.manage().logs().get(LogType.BROWSER).forEach(entry -> System.err.println(entry));
            }
            if (stack != null) {
                stack.printLogTails();
            }
        }
    };

    static {
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
    }

    @BeforeAll
    static void startTheStackAndABrowser() throws IOException {
        if (missingBrowser().isPresent()) {
            reportMissingBrowser(missingBrowser().get());
            return;
        }
        Path basedir = Path.of(System.getProperty("mosaic.console.basedir", ".")).toAbsolutePath();
        provider = MockOidcProvider.start("127.0.0.1", PROVIDER_CLIENT_ID, PROVIDER_CLIENT_SECRET);
        stack = ThrowawayStack.start(basedir, "console-test", Map.of(Service.AUTH, Map.of(
                "MOSAIC_AUTH_OIDC_MOCK_ISSUER", provider.issuer(),
                "MOSAIC_AUTH_OIDC_MOCK_CLIENT_ID", PROVIDER_CLIENT_ID,
                "MOSAIC_AUTH_OIDC_MOCK_CLIENT_SECRET", PROVIDER_CLIENT_SECRET,
                "MOSAIC_AUTH_OIDC_MOCK_NAME", "Mock ID")));
        state = stack.config().stateDir();
        stack.watchLog(stack.config().logDir().resolve("chromedriver.log"));
        coordinatorSecret = stack.secret("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET");

        // Both paths given: Selenium Manager (which would download a driver) never runs.
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(stack.config().logDir().resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,760", "--user-data-dir=" + Files.createDirectories(state.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(driverService, options);
    }

    /** Each test is reported as skipped (with why) where there is no browser: never a silent pass. */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(missingBrowser().isEmpty(),
                () -> "THE BROWSER TEST DID NOT RUN: " + missingBrowser().get() + " (apt-get install chromium chromium-driver)");
    }

    private static Optional<String> missingBrowser() {
        return Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path)).findFirst().map(path -> "no " + path);
    }

    /** A banner in the build output where there is no browser; a failure where one is required. */
    private static void reportMissingBrowser(String why) {
        if ("1".equals(System.getenv("MOSAIC_REQUIRE_BROWSER_TEST"))) {
            fail("The browser test must run here (MOSAIC_REQUIRE_BROWSER_TEST=1) but there is " + why);
        }
        String banner = "#".repeat(78);
        System.err.printf("%n%s%n#  THE BROWSER TEST DID NOT RUN: %s.%n#  The console was NOT tested in a browser."
                + "%n#  Install Debian's Chromium and its driver, then run ./mvnw verify again:%n"
                + "#      sudo apt-get install chromium chromium-driver%n"
                + "#  (or point MOSAIC_CHROMIUM / MOSAIC_CHROMEDRIVER at another Chromium and its driver)%n%s%n%n",
                banner, why, banner);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (stack != null) {
            stack.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aPersonSignsUpCreatesAJobAndWatchesTheCoordinatorRunItLiveUntilCompleted() throws Exception {
        signUpInThePage("Grace", "grace@example.com", "correct horse battery");
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;"); // gone after any reload

        String jobId = createJobInThePage("render.video");
        String heldId = createJobInThePage("transcode.audio");
        createJobInThePage("thumbnails.generate");
        CoordinatorClient coordinator = CoordinatorClient.builder(URI.create(stack.stack().baseUrl(Service.AUTH)),
                URI.create(stack.stack().baseUrl(Service.JOBS)), "coordinator", coordinatorSecret).build();
        holdAtSeventyPercent(coordinator, heldId);

        // The coordinator client's worker runs the job; each step waits until the page has shown the one before.
        Map<Integer, CountDownLatch> seen = new ConcurrentHashMap<>();
        List<Integer> steps = List.of(20, 45, 70, 95);
        steps.forEach(step -> seen.put(step, new CountDownLatch(1)));
        CoordinatorWorker worker = CoordinatorWorker.builder(coordinator, held -> {
            for (int step : steps) {
                held.progress(step, "rendering frame " + step * 24 / 10);
                if (!seen.get(step).await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the page never showed " + step + " %");
                }
            }
            return Map.of("output", "s3://mosaic/" + held.job().id() + "/out.mp4");
        }).types(List.of("render.video")).waitSeconds(5).build();
        try {
            worker.start();
            for (int step : steps) {
                awaitPage(() -> progressOf(jobId).equals(step + ":RUNNING"));
                if (step == 45) {
                    screenshot("console-jobs-in-progress");
                }
                seen.get(step).countDown();
            }
            awaitPage(() -> progressOf(jobId).equals("100:COMPLETED"));
        } finally {
            worker.close();
        }
        assertEquals("COMPLETED", row(jobId).findElement(By.cssSelector(".badge")).getText());
        assertEquals("100 %", row(jobId).findElement(By.cssSelector(".progress .label")).getText());
        assertEquals("70:RUNNING", progressOf(heldId), "the other job is shown as it is");
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"),
                "all of it without a reload");
        screenshot("console-job-completed");

        // The job's own page: its whole timeline from the per-job stream, in order.
        row(jobId).findElement(By.linkText("render.video")).click();
        awaitPage(() -> timeline().size() == 8);
        assertEquals(List.of("CREATED", "CLAIMED", "STATUS_CHANGED", "PROGRESS", "PROGRESS", "PROGRESS", "PROGRESS", "COMPLETED"),
                timeline());
        assertTrue(browser.findElement(By.cssSelector(".summary")).getText().contains("out.mp4"), "the result is shown");

        // Sign out: the session is over, also for a fresh load of the page.
        browser.findElement(By.xpath("//nav/button[text()='Sign out']")).click();
        awaitPage(() -> browser.getCurrentUrl().endsWith("/sign-in")
                && browser.findElement(By.cssSelector("main")).getText().contains("You are signed out."));
        browser.get(stack.stack().consoleUrl() + "/jobs");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/sign-in") && !browser.findElements(By.name("sign-in")).isEmpty());
    }

    /**
     * A mailed invitation, opened signed out: the console asks for a sign-in and comes back to the invitation,
     * joining takes a click, and the page then shows the team's jobs (the renewed token names the team), with a
     * selector between the team and the personal workspace. Then a change of address, asked for on the account page
     * and confirmed from the link mailed to the new one.
     */
    @Test
    void anInvitedPersonSignsInFromTheMailedLinkJoinsTheTeamAndSeesItsJobs() {
        String authUrl = stack.stack().baseUrl(Service.AUTH);
        String email = aNewPersonSignsUpInThePage("Lin");
        SignedIn ada = People.signUp(authUrl, stack, "Ada");
        WorkspaceView studio = People.createWorkspace(authUrl, ada, "Studio");
        People.createJob(stack.stack().baseUrl(Service.JOBS), People.accessToken(authUrl, ada), studio.id(), "storyboard");
        String link = People.invite(authUrl, stack, ada, studio.id(), email);
        assertTrue(link.startsWith(stack.stack().consoleUrl() + "/accept-invitation?token="), link);

        signOutInThePage();
        browser.get(link);
        fill("sign-in", Map.of("email", email, "password", PASSWORD));
        assertTrue(browser.findElement(By.cssSelector("main")).getText().contains("taken back to it"));
        submit("sign-in");
        awaitPage(() -> browser.getCurrentUrl().equals(link));
        fill("accept-invitation", Map.of());
        submit("accept-invitation");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/jobs?workspace=" + studio.id()) && liveIndicator().equals("● live")
                && browser.findElements(By.xpath("//tbody/tr[td/a[text()='storyboard']]")).size() == 1);
        assertTrue(browser.findElement(By.cssSelector("main")).getText().contains("You joined Studio."));
        assertEquals(List.of("Lin's workspace (personal)", "Studio (member)"), browser.findElements(By.cssSelector("select[name=workspace] option"))
                .stream().map(WebElement::getText).toList());

        new Select(browser.findElement(By.cssSelector("select[name=workspace]"))).selectByVisibleText("Lin's workspace (personal)");
        awaitPage(() -> !browser.getCurrentUrl().contains(studio.id().toString()) && liveIndicator().equals("● live"));
        assertTrue(browser.findElements(By.xpath("//tbody/tr[td/a[text()='storyboard']]")).isEmpty(), "the team's job is not personal");

        String newEmail = "lin.new-" + UUID.randomUUID() + "@example.com";
        browser.findElement(By.cssSelector("nav .who")).click();
        fill("change-email", Map.of("newEmail", newEmail, "password", PASSWORD));
        submit("change-email");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-email-change-mailed]")).isEmpty());
        String confirmLink = await().atMost(PAGE_WAIT).until(() -> stack.mailedLink(newEmail), Optional::isPresent).orElseThrow();
        assertTrue(confirmLink.startsWith(stack.stack().consoleUrl() + "/confirm-email-change?token="), confirmLink);
        browser.get(confirmLink);
        fill("confirm-email-change", Map.of());
        submit("confirm-email-change");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-email-changed]")).isEmpty());
        assertEquals(newEmail, browser.findElement(By.cssSelector("nav .who")).getText(), "the page shows the new address");
    }

    /**
     * The account page: a new name is what the page shows after a reload; after a password change the new
     * password signs in and the old one is refused; the only way to sign in cannot be unlinked (auth-service's
     * 409 shows); and a deleted account signs in no more.
     */
    @Test
    void aPersonManagesTheirAccountFromThePage() {
        String email = aNewPersonSignsUpInThePage("Noa");
        assertTrue(browser.findElements(By.xpath("//nav/a[text()='Admin']")).isEmpty(), "only admins see the admin page");
        browser.findElement(By.cssSelector("nav .who")).click();
        awaitPage(() -> browser.getCurrentUrl().endsWith("/account")
                && !browser.findElements(By.cssSelector("table.ways tr[data-provider=credential]")).isEmpty());

        WebElement name = browser.findElement(By.cssSelector("form[name=update-user] input[name=name]"));
        name.clear();
        name.sendKeys("Noa Berg");
        submit("update-user");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-name-saved]")).isEmpty());
        browser.navigate().refresh();
        awaitPage(() -> "Noa Berg".equals(browser.findElement(By.cssSelector("form[name=update-user] input[name=name]")).getDomProperty("value")));

        fill("change-password", Map.of("currentPassword", PASSWORD, "newPassword", "staple battery horse correct"));
        submit("change-password");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-password-changed]")).isEmpty());
        browser.findElement(By.cssSelector("table.ways tr[data-provider=credential] button")).click();
        awaitPage(() -> browser.findElement(By.cssSelector(".problems .problem")).getText().contains("(409)"));
        screenshot("console-account");

        signOutInThePage();
        signInInThePage(email, PASSWORD);
        awaitPage(() -> browser.findElement(By.cssSelector("form[name=sign-in] .problem")).getText().contains("(401)"));
        browser.navigate().refresh();
        signInInThePage(email, "staple battery horse correct");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/jobs") && liveIndicator().equals("● live"));

        browser.findElement(By.cssSelector("nav .who")).click();
        fill("delete-account", Map.of("password", "staple battery horse correct"));
        browser.findElement(By.cssSelector("form[name=delete-account] [name=confirm]")).click();
        submit("delete-account");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/sign-in")
                && browser.findElement(By.cssSelector("main")).getText().contains("Your account is deleted."));
        signInInThePage(email, "staple battery horse correct");
        awaitPage(() -> browser.findElement(By.cssSelector("form[name=sign-in] .problem")).getText().contains("(401)"));
    }

    /**
     * A person links their identity at a provider, whose address is not theirs, from the account page (the password
     * asked for first, a wrong one refused there), comes back to the page with it listed, and from then on signs in
     * through the provider to the same account. Someone else who tries to link the same identity is told, on their
     * account page, that it belongs to another account.
     */
    @Test
    void aPersonLinksAProviderFromTheAccountPageAndSignsInWithItAfterwards() {
        MockOidcProvider.Person atProvider = new MockOidcProvider.Person("ada-" + UUID.randomUUID(),
                "ada@provider.example", true, "Ada at the provider");
        provider.signsInNext(atProvider);
        String email = aNewPersonSignsUpInThePage("Ada");
        browser.findElement(By.cssSelector("nav .who")).click();
        fill("link-mock", Map.of("password", "not the password"));
        submit("link-mock");
        awaitPage(() -> browser.findElement(By.cssSelector("form[name=link-mock] .problem")).getText().contains("(403)"));

        fill("link-mock", Map.of("password", PASSWORD));
        submit("link-mock");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/account?linked=mock")
                && !browser.findElements(By.cssSelector("[data-linked=mock]")).isEmpty()
                && browser.findElements(By.cssSelector("table.ways tr[data-provider=mock]")).size() == 1);
        assertEquals(atProvider.subject(),
                browser.findElement(By.cssSelector("table.ways tr[data-provider=mock] td:nth-child(2)")).getText());
        assertTrue(browser.findElement(By.cssSelector("[data-linked=mock]")).getText().contains("Mock ID"), "by its name");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.cssSelector("table.ways")));
        screenshot("console-account-linked");

        signOutInThePage();
        browser.findElement(By.xpath("//button[text()='Sign in with Mock ID']")).click();
        awaitPage(() -> browser.getCurrentUrl().endsWith("/jobs") && liveIndicator().equals("● live"));
        assertEquals(email, browser.findElement(By.cssSelector("nav .who")).getText(), "the same account, by its own address");

        signOutInThePage();
        aNewPersonSignsUpInThePage("Eve");
        browser.findElement(By.cssSelector("nav .who")).click();
        fill("link-mock", Map.of("password", PASSWORD));
        submit("link-mock");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/account?linked=mock&error=account_already_linked")
                && browser.findElements(By.cssSelector("main .problem")).stream()
                        .anyMatch(problem -> problem.getText().contains("linked to another Mosaic account")));
        assertTrue(browser.findElements(By.cssSelector("table.ways tr[data-provider=mock]")).isEmpty());
    }

    /**
     * An admin's page: the configured coordinator client is listed and left alone; a new machine client's secret,
     * shown once, obtains tokens; after a rotation the new secret does too; after its deletion it obtains none;
     * and a signing-key rotation keeps the page signed in and live.
     */
    @Test
    void anAdminManagesMachineClientsFromThePage() {
        String authUrl = stack.stack().baseUrl(Service.AUTH);
        String jobsUrl = stack.stack().baseUrl(Service.JOBS);
        RunnerJob someonesJob = People.createJob(jobsUrl, People.accessToken(authUrl, People.signUp(authUrl, stack, "Ivy")),
                "ivy.render", Map.of());
        signUpInThePage("Root", ADMIN_EMAIL, PASSWORD);
        browser.findElement(By.xpath("//nav/a[text()='Admin']")).click();
        awaitPage(() -> browser.findElements(By.cssSelector("table.clients tr[data-client-id=coordinator]")).size() == 1);
        assertEquals("configured", browser.findElement(By.cssSelector("tr[data-client-id=coordinator] td:last-child")).getText());

        // Every workspace's jobs: someone else's in the list, and, live, one another person creates meanwhile, on top.
        String someonesRow = "table.every tr[data-job-id='" + someonesJob.id() + "']";
        awaitPage(() -> browser.findElements(By.cssSelector(someonesRow)).size() == 1
                && browser.findElement(By.cssSelector("h2 .live")).getText().equals("● live"));
        assertEquals(someonesJob.workspaceId().toString(),
                browser.findElement(By.cssSelector(someonesRow + " td:last-child")).getText());
        RunnerJob newer = People.createJob(jobsUrl, People.accessToken(authUrl, People.signUp(authUrl, stack, "Zoe")),
                "zoe.render", Map.of());
        awaitPage(() -> newer.id().toString().equals(
                browser.findElement(By.cssSelector("table.every tbody tr")).getDomAttribute("data-job-id")));

        fill("create-client", Map.of("clientId", "render-farm", "name", "Render farm"));
        submit("create-client");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-secret-for=render-farm] [data-secret]")).isEmpty()
                && browser.findElements(By.cssSelector("tr[data-client-id=render-farm]")).size() == 1);
        String secret = browser.findElement(By.cssSelector("[data-secret]")).getText();
        assertEquals(200, clientCredentialsGrant("render-farm", secret));

        browser.findElement(By.xpath("//tr[@data-client-id='render-farm']//button[text()='Rotate secret']")).click();
        awaitPage(() -> !browser.findElement(By.cssSelector("[data-secret]")).getText().equals(secret));
        String rotated = browser.findElement(By.cssSelector("[data-secret]")).getText();
        assertEquals(200, clientCredentialsGrant("render-farm", rotated));

        browser.findElement(By.xpath("//tr[@data-client-id='render-farm']//button[text()='Delete']")).click();
        awaitPage(() -> browser.findElements(By.cssSelector("tr[data-client-id=render-farm]")).isEmpty());
        assertEquals(401, clientCredentialsGrant("render-farm", rotated));

        submit("rotate-signing-key");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-rotated]")).isEmpty());
        browser.findElement(By.xpath("//nav/a[text()='Jobs']")).click();
        awaitPage(() -> liveIndicator().equals("● live"));
        createJobInThePage("after.rotation");
    }

    /**
     * A team run from the console: its owner creates a workspace, mails an invitation, and sees it accepted and
     * the person listed; makes them an admin; cancels a second invitation; renames the workspace; is refused,
     * with auth-service's problem, when leaving it as its last owner; and removes the member, whose next access
     * token no longer names the workspace. Each state is read back after a reload, so it is auth-service's.
     */
    @Test
    void anOwnerRunsATeamWorkspaceFromThePage() {
        String authUrl = stack.stack().baseUrl(Service.AUTH);
        String mia = aNewPersonSignsUpInThePage("Mia");
        SignedIn ben = People.signUp(authUrl, stack, "Ben");
        String benEmail = ben.user().email();

        browser.findElement(By.xpath("//nav/a[text()='Workspaces']")).click();
        fill("create-workspace", Map.of("name", "Atelier"));
        submit("create-workspace");
        awaitPage(() -> browser.getCurrentUrl().matches(".*/workspaces/[0-9a-f-]{36}") && heading().startsWith("Atelier owner"));
        String url = browser.getCurrentUrl();
        UUID atelier = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
        awaitPage(() -> membersShown().equals(List.of(mia + ":owner")));

        fill("invite-member", Map.of("email", benEmail));
        submit("invite-member");
        awaitPage(() -> !browser.findElements(By.cssSelector("[data-invited]")).isEmpty());
        assertEquals(List.of(benEmail + ":pending"), invitationsShown());
        String link = await().atMost(PAGE_WAIT).until(() -> stack.mailedLink(benEmail)
                .filter(mailed -> mailed.contains("/accept-invitation?token=")), Optional::isPresent).orElseThrow();
        assertEquals(atelier, People.acceptInvitation(authUrl, ben, link).id());

        browser.navigate().refresh();
        awaitPage(() -> membersShown().equals(List.of(benEmail + ":member", mia + ":owner"))
                && invitationsShown().equals(List.of(benEmail + ":accepted")));

        new Select(memberRow(ben.user().id()).findElement(By.name("role"))).selectByValue("admin");
        awaitPage(() -> membersShown().contains(benEmail + ":admin"));
        String kai = "kai-" + UUID.randomUUID() + "@example.com";
        fill("invite-member", Map.of("email", kai));
        submit("invite-member");
        awaitPage(() -> invitationsShown().contains(kai + ":pending"));
        browser.findElement(By.xpath("//tr[td[text()='" + kai + "']]//button[text()='Cancel']")).click();
        awaitPage(() -> invitationsShown().contains(kai + ":revoked"));
        WebElement name = browser.findElement(By.cssSelector("form[name=rename-workspace] input[name=name]"));
        name.clear();
        name.sendKeys("Atelier North");
        submit("rename-workspace");
        awaitPage(() -> heading().startsWith("Atelier North"));

        browser.navigate().refresh();
        awaitPage(() -> heading().startsWith("Atelier North") && membersShown().equals(List.of(benEmail + ":admin", mia + ":owner"))
                && invitationsShown().equals(List.of(benEmail + ":accepted", kai + ":revoked")));
        screenshot("console-workspace");

        browser.findElement(By.xpath("//button[text()='Leave this workspace']")).click();
        awaitPage(() -> browser.findElement(By.cssSelector(".problems .problem")).getText().contains("(409)"));
        assertTrue(browser.getCurrentUrl().endsWith("/workspaces/" + atelier), "still a member, still on its page");

        memberRow(ben.user().id()).findElement(By.xpath(".//button[text()='Remove']")).click();
        awaitPage(() -> membersShown().equals(List.of(mia + ":owner")));
        String bensToken = People.accessToken(authUrl, ben);
        String claims = new String(Base64.getUrlDecoder().decode(bensToken.split("\\.")[1]), StandardCharsets.UTF_8);
        assertFalse(claims.contains(atelier.toString()), "a removed member's next token lacks the workspace: " + claims);

        browser.findElement(By.xpath("//nav/a[text()='Jobs']")).click();
        awaitPage(() -> liveIndicator().equals("● live"));
        assertEquals(List.of("Mia's workspace (personal)", "Atelier North (owner)"), browser.findElements(
                By.cssSelector("select[name=workspace] option")).stream().map(WebElement::getText).toList());
    }

    /**
     * The console's event-stream parser, in the browser: messages split at any byte (here one character at a
     * time, and a multi-byte character across chunks), CRLF line ends, comments, multi-line data, and an
     * event without data are read as the server meant them.
     */
    @Test
    void theStreamReaderParsesEventStreamsWhereverTheChunksAreCut() {
        browser.get(stack.stack().consoleUrl() + "/sign-in");
        String text = ": keep-alive\r\n\r\nid: 7\r\nevent: ready\r\n\r\nid: 8\nevent: job-event\ndata: {\"a\":\n"
                + "data: \"zürich\"}\n\n: keep-alive\n\nevent: overflow\ndata: {\"resumeFrom\": 8}\n\n";
        Object parsed = ((JavascriptExecutor) browser).executeAsyncScript("""
                const [text, done] = arguments;
                import('/stream.js').then(async ({ readMessages }) => {
                  const bytes = new TextEncoder().encode(text);
                  const body = new ReadableStream({ start(controller) {
                    for (const b of bytes) controller.enqueue(Uint8Array.of(b));
                    controller.close();
                  } });
                  const messages = [];
                  await readMessages(body, () => {}, (m) => messages.push(m));
                  done(JSON.stringify(messages));
                }).catch((e) => done('failed: ' + e));
                """, text);
        assertEquals("[{\"id\":\"7\",\"event\":\"ready\",\"data\":\"\"},"
                + "{\"id\":\"8\",\"event\":\"job-event\",\"data\":\"{\\\"a\\\":\\n\\\"zürich\\\"}\"},"
                + "{\"id\":null,\"event\":\"overflow\",\"data\":\"{\\\"resumeFrom\\\": 8}\"}]", parsed);
    }

    /** Claims the job, starts it and reports 70 %, then leaves it running: a second job in progress on the page. */
    private static void holdAtSeventyPercent(CoordinatorClient coordinator, String jobId) {
        List<ClaimedJob> claimed = coordinator.claim(new ClaimRequest(List.of("transcode.audio"), 1, 600, 0));
        assertEquals(1, claimed.size());
        assertEquals(jobId, claimed.get(0).job().id().toString());
        Lease lease = Lease.of(claimed.get(0));
        coordinator.start(lease, "decoding");
        coordinator.progress(lease, 70, "encoding opus");
        awaitPage(() -> progressOf(jobId).equals("70:RUNNING"));
    }

    /** @return the unique address {@code name} signed up with, with {@link #PASSWORD} */
    private static String aNewPersonSignsUpInThePage(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        signUpInThePage(name, email, PASSWORD);
        return email;
    }

    /**
     * Signs up in the page; the mailed link (the mock mailer writes it to the auth log) leads to the console's
     * confirmation page, where the sign-up's password and a click sign the person in and open their jobs, live.
     */
    private static void signUpInThePage(String name, String email, String password) {
        browser.get(stack.stack().consoleUrl() + "/sign-up");
        fill("sign-up", Map.of("name", name, "email", email, "password", password));
        submit("sign-up");
        awaitPage(() -> browser.findElement(By.cssSelector("[data-check-mail]")).getText().startsWith("Check your mail"));
        String link = await().atMost(PAGE_WAIT).until(() -> stack.mailedLink(email), Optional::isPresent).orElseThrow();
        assertTrue(link.startsWith(stack.stack().consoleUrl() + "/verify-email?token="), link);
        browser.get(link);
        fill("verify-email", Map.of("password", password));
        submit("verify-email");
        awaitPage(() -> browser.getCurrentUrl().endsWith("/jobs") && liveIndicator().equals("● live"));
        assertTrue(browser.findElement(By.cssSelector("main")).getText().contains("Your email is confirmed."));
    }

    /** The status of a client-credentials grant with that secret, made by the coordinator client as a machine would. */
    private static int clientCredentialsGrant(String clientId, String secret) {
        CoordinatorClient machine = CoordinatorClient.builder(URI.create(stack.stack().baseUrl(Service.AUTH)),
                URI.create(stack.stack().baseUrl(Service.JOBS)), clientId, secret).build();
        try {
            machine.accessToken();
            return 200;
        } catch (CoordinatorException.ClientAuthenticationFailed refused) {
            return refused.status();
        }
    }

    private static void signInInThePage(String email, String password) {
        fill("sign-in", Map.of("email", email, "password", password));
        submit("sign-in");
    }

    private static void signOutInThePage() {
        browser.findElement(By.xpath("//nav/button[text()='Sign out']")).click();
        awaitPage(() -> browser.getCurrentUrl().endsWith("/sign-in"));
    }

    private static String createJobInThePage(String type) {
        WebElement typeField = browser.findElement(By.cssSelector("form[name=create-job] input[name=type]"));
        typeField.clear();
        typeField.sendKeys(type);
        submit("create-job");
        awaitPage(() -> browser.findElements(By.xpath("//tbody/tr[td/a[text()='" + type + "']]")).size() == 1);
        String id = browser.findElement(By.xpath("//tbody/tr[td/a[text()='" + type + "']]")).getDomAttribute("data-job-id");
        assertNotNull(id);
        return id;
    }

    private static void fill(String form, Map<String, String> fields) {
        awaitPage(() -> !browser.findElements(By.cssSelector("form[name=" + form + "]")).isEmpty()); // the app renders it
        fields.forEach((name, value) -> {
            WebElement field = browser.findElement(By.cssSelector("form[name=" + form + "] [name=" + name + "]"));
            field.clear();
            field.sendKeys(value);
        });
    }

    private static void submit(String form) {
        browser.findElement(By.cssSelector("form[name=" + form + "] button[type=submit]")).click();
    }

    private static WebElement row(String jobId) {
        return browser.findElement(By.cssSelector("tr[data-job-id='" + jobId + "']"));
    }

    /** "percent:STATUS" as the row's progress bar shows it. */
    private static String progressOf(String jobId) {
        List<WebElement> bars = browser.findElements(By.cssSelector("tr[data-job-id='" + jobId + "'] .progress"));
        return bars.isEmpty() ? "" : bars.get(0).getDomAttribute("data-progress") + ":" + bars.get(0).getDomAttribute("data-status");
    }

    private static String liveIndicator() {
        List<WebElement> live = browser.findElements(By.cssSelector("h1 .live"));
        return live.isEmpty() ? "" : live.get(0).getText();
    }

    /** The page's heading, its parts (laid out as flex items) joined by one space. */
    private static String heading() {
        List<WebElement> h1 = browser.findElements(By.cssSelector("main h1"));
        return h1.isEmpty() ? "" : h1.get(0).getText().replaceAll("\\s+", " ");
    }

    private static WebElement memberRow(String userId) {
        return browser.findElement(By.cssSelector("table.members tr[data-user-id='" + userId + "']"));
    }

    /** "email:role" of each member the page shows, sorted. */
    private static List<String> membersShown() {
        return browser.findElements(By.cssSelector("table.members tbody tr")).stream()
                .map(row -> row.findElement(By.cssSelector("td:nth-child(2)")).getText() + ":" + row.getDomAttribute("data-role"))
                .sorted().toList();
    }

    /** "email:status" of each invitation the page shows, sorted. */
    private static List<String> invitationsShown() {
        return browser.findElements(By.cssSelector("table.invitations tbody tr")).stream()
                .map(row -> row.findElement(By.cssSelector("td")).getText() + ":" + row.getDomAttribute("data-status"))
                .sorted().toList();
    }

    private static List<String> timeline() {
        return browser.findElements(By.cssSelector(".timeline li")).stream().map(li -> li.getDomAttribute("data-event-type")).toList();
    }

    private static void awaitPage(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(PAGE_WAIT).pollInSameThread().pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
    }

    private static void screenshot(String name) {
        try {
            Path file = state.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            System.out.println("screenshot: " + file);
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e.getMessage());
        }
    }
}
