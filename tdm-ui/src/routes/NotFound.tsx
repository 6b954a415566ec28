// The page for a URL that matches no screen.
import { Link } from "@tanstack/react-router";
import { EmptyState } from "@/components";
import { AlertIcon } from "@/components/icons";

export function NotFound() {
  return (
    <div className="flex min-h-[60vh] items-center justify-center">
      <EmptyState
        icon={<AlertIcon className="h-5 w-5" />}
        title="Page not found"
        description="Nothing lives at this address. It may have moved, or the link is incomplete."
        action={
          <Link to="/" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            Back to the dashboard
          </Link>
        }
      />
    </div>
  );
}
