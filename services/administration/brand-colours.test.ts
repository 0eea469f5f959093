import { describe, expect, it } from "vitest";
import { defaultLogoDataUrl, deriveBrandColours } from "./brand-colours";

describe("brand colours", () => {
  it("derives a darker shade and a pale tint from the primary", () => {
    expect(deriveBrandColours("#D7000F")).toEqual({ brandPrimary: "#d7000f", brandPrimaryDark: "#a1000b", brandAccent: "#fcebec" });
    expect(deriveBrandColours("#ffffff").brandAccent).toBe("#ffffff");
  });

  it("refuses anything but #rrggbb", () => {
    for (const bad of ["d7000f", "#d70", "#d7000g", "red", "#d7000f;"]) expect(() => deriveBrandColours(bad)).toThrow(/#rrggbb/);
  });

  it("draws the first character of the name (after 中国) on the colour, escaped", () => {
    const url = defaultLogoDataUrl("中国广电", "#6a1b9a");
    expect(url.startsWith("data:image/svg+xml,")).toBe(true);
    const svg = decodeURIComponent(url.slice("data:image/svg+xml,".length));
    expect(svg).toContain('fill="#6a1b9a"');
    expect(svg).toContain(">广</text>");
    expect(decodeURIComponent(defaultLogoDataUrl("<x>", "#000000"))).toContain(">&#60;</text>");
  });
});
