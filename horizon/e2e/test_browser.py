"""The plugin in Debian's Horizon (Zed) against a running Molt service, driven by headless Chromium.

An admin plans a campaign, reads the plan, approves it and watches it to DONE on the campaign page (live
refresh, no reload); plans, approves, pauses and resumes another; aborts a third; a member without admin sees no panel.
Screenshots of each page go to horizon/target/screenshots/ (NN-what.png)."""

import base64
import os
import unittest

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

from e2e import environment

HORIZON = "http://127.0.0.1:%d" % environment.HORIZON_PORT
PANEL = HORIZON + "/admin/rolling_upgrades/"
SHOTS = os.path.join(environment.TARGET, "screenshots")
# what each action's confirmation dialog tells (its help text)
DIALOG_SAYS = {"approve": "hosts go down wave by wave", "pause": "Resume goes on",
               "resume": "goes on from where it was paused", "abort_re_enable": "are enabled again"}


class HorizonPanelTest(unittest.TestCase):
    env = None
    browser = None
    shot = 0

    @classmethod
    def setUpClass(cls):
        os.makedirs(SHOTS, exist_ok=True)
        for old in os.listdir(SHOTS):
            os.remove(os.path.join(SHOTS, old))
        cls.env = environment.Environment()
        environment.stop_on_signals(cls.env)
        cls.env.start()
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
            options.add_argument(argument)
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.browser.implicitly_wait(0)

    @classmethod
    def tearDownClass(cls):
        if cls.browser:
            cls.browser.quit()
        if cls.env:
            cls.env.stop()

    # --- helpers -------------------------------------------------------------------------------------------
    def screenshot(self, what):
        """The whole page, not only the window (Chromium's DevTools capture beyond the viewport)."""
        HorizonPanelTest.shot += 1
        height = self.browser.execute_script("return document.documentElement.scrollHeight;")
        width = self.browser.execute_script("return document.documentElement.scrollWidth;")
        image = self.browser.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})["data"]
        with open(os.path.join(SHOTS, "%02d-%s.png" % (HorizonPanelTest.shot, what)), "wb") as f:
            f.write(base64.b64decode(image))

    def wait(self, condition, seconds=60, message=""):
        return WebDriverWait(self.browser, seconds, poll_frequency=0.3).until(condition, message)

    def login(self, user, password):
        self.browser.delete_all_cookies()
        self.browser.get(HORIZON + "/auth/login/")
        self.wait(expected_conditions.presence_of_element_located((By.ID, "id_username")))
        self.browser.find_element(By.ID, "id_username").send_keys(user)
        self.browser.find_element(By.ID, "id_password").send_keys(password)
        self.browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.wait(lambda b: "/auth/login" not in b.current_url, message="login of %s" % user)

    def text(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css).text

    def campaign_state(self):
        # read in one script: the live refresh may replace the table between a find and a read
        return self.browser.execute_script(
            "var cell = document.querySelector('#campaign tbody tr td:nth-child(2)');"
            "return cell ? cell.textContent.trim() : '';")

    def wait_for_state(self, states, seconds=120):
        self.wait(lambda b: self.campaign_state() in states, seconds,
                  "campaign state in %s (last %s)" % (states, self.campaign_state()))
        return self.campaign_state()

    def campaign_action(self, campaign_id, name):
        """Clicks a row action of the campaign page (opening the row's menu if it is in there) and confirms it.
        Tried again when the live refresh replaced the row in between."""
        for attempt in range(5):
            try:
                button = self.browser.find_element(By.ID, "campaign__row_%s__action_%s" % (campaign_id, name))
                if not button.is_displayed():
                    button.find_element(By.XPATH, "./ancestor::div[contains(@class,'btn-group')]"
                                        "//a[contains(@class,'dropdown-toggle')]").click()
                    self.wait(lambda b: button.is_displayed(), 10, "the %s button in the row's menu" % name)
                button.click()
                break
            except StaleElementReferenceException:
                continue
        confirm = self.wait(expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, ".modal.in .modal-footer .btn-danger")), 10, "the confirmation dialog of " + name)
        dialog = self.text(".modal.in .modal-body")
        self.assertIn("Please confirm your selection", dialog)
        self.assertIn(DIALOG_SAYS[name], dialog)
        self.screenshot("confirm-" + name)
        confirm.click()
        self.wait(lambda b: "Success" in b.find_element(By.CSS_SELECTOR, "body").text
                  or "Error" in b.find_element(By.CSS_SELECTOR, "body").text, 20, "the result of " + name)
        self.assertNotIn("Error", self.text(".messages"))

    def plan_campaign(self, name, hosts, target, max_hosts_down):
        self.browser.get(PANEL)
        self.browser.find_element(By.ID, "campaigns__action_create").click()
        form = self.wait(expected_conditions.visibility_of_element_located((By.ID, "id_selection")), 20)
        self.browser.find_element(By.ID, "id_name").send_keys(name)
        Select(self.browser.find_element(By.ID, "id_target")).select_by_value(target)
        Select(self.browser.find_element(By.ID, "id_selector")).select_by_value("hosts")
        form.send_keys(",".join(hosts))
        self.browser.find_element(By.ID, "id_command").send_keys("apt-get install -y qemu-system-x86")
        self.browser.find_element(By.ID, "id_max_hosts_down").send_keys(str(max_hosts_down))
        self.screenshot("create-form-" + name.replace(" ", "-"))
        self.browser.find_element(By.CSS_SELECTOR, ".modal-footer input[type=submit], .modal-footer "
                                  "button[type=submit]").click()
        self.wait(lambda b: "/rolling_upgrades/" in b.current_url and b.current_url.rstrip("/").split("/")[-1]
                  not in ("rolling_upgrades", "create"), 60, "the new campaign's page")
        return self.browser.current_url.rstrip("/").split("/")[-1]

    # --- tests ---------------------------------------------------------------------------------------------
    def test_1_an_admin_plans_reads_the_plan_approves_and_watches_a_campaign_to_done(self):
        self.login("admin", environment.admin_password())
        self.browser.get(PANEL)
        self.assertIn("Rolling Upgrades", self.text("#sidebar, nav, .openstack-navbar, body"))
        self.screenshot("list-before")

        campaign_id = self.plan_campaign("qemu e2e", ["compute-00000", "compute-00001"], "USERSPACE", 1)
        self.assertEqual(self.campaign_state(), "PLANNED")
        self.assertIn("The plan meets every limit.", self.text("#molt-plan-feasible"))
        totals = self.text("#totals")
        for row in ("this plan", "baseline: evacuate every host", "baseline: cold restart every VM",
                    "strategy balanced", "strategy least-moved"):
            self.assertIn(row, totals)
        plan_rows = self.browser.find_elements(By.CSS_SELECTOR, "#plan_vms tbody tr")
        self.assertGreaterEqual(len(plan_rows), 2, "a row per VM of the two hosts")
        for row in plan_rows:
            cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
            self.assertIn(cells[3], ("PRESERVE", "LIVE_MIGRATE", "SUSPEND_TO_DISK", "TERMINATE", "COLD_RESTART"))
            self.assertRegex(cells[5], r"^\d+\.\d\d s$", "predicted downtime")
            self.assertTrue(cells[6], "a reason for each VM's action")
        self.assertEqual(len(self.browser.find_elements(By.CSS_SELECTOR, "#waves tbody tr")), 2, "one host a wave")
        self.screenshot("plan")

        self.browser.execute_script("window.moltNoReload = true;")
        self.campaign_action(campaign_id, "approve")
        # the confirmation posts the form: the answer is the campaign page again; mark it and watch it refresh
        self.browser.execute_script("window.moltNoReload = true;")
        self.assertIn(self.campaign_state(), ("APPROVED", "RUNNING", "DONE"))
        self.screenshot("approved")
        self.wait_for_state(("DONE",), 180)
        self.assertTrue(self.browser.execute_script("return window.moltNoReload === true;"),
                        "DONE arrived by the page's live refresh, without a reload")
        host_states = [c.text for c in self.browser.find_elements(By.CSS_SELECTOR, "#hosts tbody td:nth-child(3)")]
        self.assertEqual(host_states, ["DONE", "DONE"])
        measured = [c.text for c in self.browser.find_elements(By.CSS_SELECTOR, "#vms tbody td:nth-child(8)")]
        self.assertTrue(measured and all(m.endswith(" s") for m in measured), "measured downtime of each VM")
        self.assertEqual(len(self.browser.find_elements(By.CSS_SELECTOR, "#molt-timeline .row")), 2)
        self.assertIn("campaign.planned", self.text("#events"))
        self.screenshot("done")

        self.browser.get(PANEL)
        row = self.text("#campaigns tbody")
        self.assertIn("qemu e2e", row)
        self.assertIn("DONE", row)
        self.assertIn("2 / 2", row)
        self.screenshot("list-done")

    def test_2_an_admin_pauses_and_resumes_a_running_campaign(self):
        self.login("admin", environment.admin_password())
        campaign_id = self.plan_campaign("kernel e2e", ["compute-00002", "compute-00003", "compute-00004",
                                                        "compute-00005"], "KERNEL", 1)
        self.campaign_action(campaign_id, "approve")
        self.wait_for_state(("RUNNING",), 60)
        self.campaign_action(campaign_id, "pause")
        self.assertEqual(self.wait_for_state(("PAUSED",), 60), "PAUSED")
        self.screenshot("paused")
        self.campaign_action(campaign_id, "resume")
        self.assertIn(self.wait_for_state(("RUNNING", "DONE"), 60), ("RUNNING", "DONE"))
        self.screenshot("resumed")
        self.wait_for_state(("DONE",), 300)
        self.screenshot("resumed-done")
        events = self.text("#events")  # newest first
        self.assertIn("campaign.paused", events)
        self.assertLess(events.index("campaign.running"), events.index("campaign.paused"),
                        "running again after the pause")

    def test_2b_an_admin_aborts_a_planned_campaign_over_hosts_a_finished_one_released(self):
        self.login("admin", environment.admin_password())
        campaign_id = self.plan_campaign("aborted e2e", ["compute-00000"], "USERSPACE", 1)
        self.assertEqual(self.campaign_state(), "PLANNED")
        self.campaign_action(campaign_id, "abort_re_enable")
        self.assertEqual(self.wait_for_state(("ABORTED",), 60), "ABORTED")
        self.assertFalse(self.browser.find_elements(By.CSS_SELECTOR, "#campaign tbody button"),
                         "no action is left for an aborted campaign")
        self.screenshot("aborted")

    def test_3_a_member_without_admin_sees_no_panel(self):
        self.login(environment.MEMBER, self.env.member_password)
        self.assertNotIn("Rolling Upgrades", self.text("body"))
        self.screenshot("member-overview")
        self.browser.get(PANEL)
        self.screenshot("member-panel-url")
        self.assertIn("You are not authorized to access this page", self.text("body"))
        self.assertFalse(self.browser.find_elements(By.ID, "campaigns"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
