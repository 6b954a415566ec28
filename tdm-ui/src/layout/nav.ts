// The left navigation: every module of the portal, grouped. Add a screen's entry here (see README).
import type { ComponentType } from "react";
import {
  DatasetIcon,
  HomeIcon,
  JobsIcon,
  MaskIcon,
  SchemaIcon,
  ServerIcon,
  SparkIcon,
  SubsetIcon,
  type IconProps,
} from "@/components/icons";

export interface NavItem {
  /** A route path of the router (typed by TanStack Router where used). */
  to: "/" | "/schemas" | "/datasets" | "/masking" | "/subset" | "/synthetic" | "/provision" | "/jobs";
  label: string;
  icon: ComponentType<IconProps>;
}

export const NAV_GROUPS: readonly { label: string; items: readonly NavItem[] }[] = [
  { label: "Overview", items: [{ to: "/", label: "Dashboard", icon: HomeIcon }] },
  {
    label: "Catalog",
    items: [
      { to: "/schemas", label: "Schema Explorer", icon: SchemaIcon },
      { to: "/datasets", label: "Dataset Catalog", icon: DatasetIcon },
    ],
  },
  {
    label: "Build",
    items: [
      { to: "/masking", label: "Masking Rules", icon: MaskIcon },
      { to: "/subset", label: "Subset Builder", icon: SubsetIcon },
      { to: "/synthetic", label: "Synthetic Generator", icon: SparkIcon },
      { to: "/provision", label: "Provisioning", icon: ServerIcon },
    ],
  },
  { label: "Operate", items: [{ to: "/jobs", label: "Job Monitor", icon: JobsIcon }] },
];
