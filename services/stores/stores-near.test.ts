import { describe, expect, it } from "vitest";
import { provinceOf, storesNear } from "./stores-near";

const stores = [
  { code: "S001", regionZh: "河南省 郑州市" },
  { code: "S002", regionZh: "河南省 周口市" },
  { code: "S003", regionZh: "河北省 石家庄市" },
  { code: "S004", regionZh: "" },
];

describe("stores near a borrower", () => {
  it("reads the province as people write it", () => {
    expect(provinceOf("河南省周口市淮阳区")).toBe("河南省");
    expect(provinceOf("北京市朝阳区")).toBe("北京市");
    expect(provinceOf("广西壮族自治区 南宁市")).toBe("广西壮族自治区");
    expect(provinceOf("王庄村")).toBe("");
  });

  it("offers only the borrower's province, their own city first", () => {
    expect(storesNear(stores, "河南省周口市淮阳区")).toEqual({ stores: [stores[1], stores[0]], inProvince: true });
  });

  it("offers every store when none is in the borrower's province, and says so", () => {
    expect(storesNear(stores, "山东省济南市")).toEqual({ stores, inProvince: false });
    expect(storesNear(stores, "")).toEqual({ stores, inProvince: false });
  });
});
