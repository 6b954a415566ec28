// The route tree (code-based, TanStack Router) under the /ui basepath. Every screen of the portal has
// its route here already; a screen's own file only exports its component (see README: adding a screen).
import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect, type RouterHistory } from "@tanstack/react-router";
import { readSession } from "@/auth/session";
import { safeRedirect } from "@/auth/redirect";
import { SignInPage } from "@/auth/SignInPage";
import { AppShell } from "@/layout/AppShell";
import { NotFound } from "@/routes/NotFound";
import { Dashboard } from "@/routes/dashboard/Dashboard";
import { DatasetCatalog, DatasetDetail } from "@/routes/datasets/DatasetCatalog";
import { JobDetailPage } from "@/routes/jobs/JobDetail";
import { JobList } from "@/routes/jobs/JobList";
import { validateJobSearch } from "@/routes/jobs/jobSearch";
import { RuleBuilder } from "@/routes/masking/RuleBuilder";
import { ProvisioningConsole } from "@/routes/provision/ProvisioningConsole";
import { SchemaDetail, SchemaExplorer } from "@/routes/schemas/SchemaExplorer";
import { SubsetBuilder } from "@/routes/subset/SubsetBuilder";
import { SyntheticGenerator } from "@/routes/synthetic/SyntheticGenerator";

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/signin",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
  beforeLoad: ({ search }) => {
    if (readSession()) throw redirect({ href: safeRedirect(search.redirect), replace: true });
  },
  component: function SignInRoute() {
    const { redirect: target } = signInRoute.useSearch();
    return <SignInPage redirect={target} />;
  },
});

/** Every screen but sign-in: needs a session, shows the app shell. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: ({ location }) => {
    if (!readSession()) throw redirect({ to: "/signin", search: { redirect: location.href }, replace: true });
  },
  component: AppShell,
});

const dashboardRoute = createRoute({ getParentRoute: () => appRoute, path: "/", component: Dashboard });

// Job Monitor
const jobsRoute = createRoute({ getParentRoute: () => appRoute, path: "/jobs", validateSearch: validateJobSearch, component: JobList });
const jobDetailRoute = createRoute({ getParentRoute: () => appRoute, path: "/jobs/$jobId", component: JobDetailPage });

// Schema Explorer
const schemasRoute = createRoute({ getParentRoute: () => appRoute, path: "/schemas", component: SchemaExplorer });
const schemaDetailRoute = createRoute({ getParentRoute: () => appRoute, path: "/schemas/$schemaId", component: SchemaDetail });

// Dataset Catalog
const datasetsRoute = createRoute({ getParentRoute: () => appRoute, path: "/datasets", component: DatasetCatalog });
const datasetDetailRoute = createRoute({ getParentRoute: () => appRoute, path: "/datasets/$datasetId", component: DatasetDetail });

// Builders
const maskingRoute = createRoute({ getParentRoute: () => appRoute, path: "/masking", component: RuleBuilder });
const subsetRoute = createRoute({ getParentRoute: () => appRoute, path: "/subset", component: SubsetBuilder });
const syntheticRoute = createRoute({ getParentRoute: () => appRoute, path: "/synthetic", component: SyntheticGenerator });
const provisionRoute = createRoute({ getParentRoute: () => appRoute, path: "/provision", component: ProvisioningConsole });

export const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    dashboardRoute,
    jobsRoute,
    jobDetailRoute,
    schemasRoute,
    schemaDetailRoute,
    datasetsRoute,
    datasetDetailRoute,
    maskingRoute,
    subsetRoute,
    syntheticRoute,
    provisionRoute,
  ]),
]);

export interface AppRouterOptions {
  queryClient: QueryClient;
  /** Tests pass a memory history. */
  history?: RouterHistory;
}

export function createAppRouter({ queryClient, history }: AppRouterOptions) {
  return createRouter({
    routeTree,
    basepath: "/ui",
    context: { queryClient },
    defaultPreload: "intent",
    // Loaders are not used: screens fetch with TanStack Query, which caches already.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    ...(history ? { history } : {}),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module "@tanstack/react-router" {
  interface Register {
    router: AppRouter;
  }
}
